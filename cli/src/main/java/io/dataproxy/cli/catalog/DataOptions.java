package io.dataproxy.cli.catalog;

import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.catalog.CatalogSettings;
import io.dataproxy.cli.CliFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** An artifact's data from the command line: files and strings inline, or URIs of objects in storage. */
public final class DataOptions {

    /**
     * The catalog's default bound on inline data per artifact ({@code catalog.artifact.maxInlineBytes}), which keeps a
     * whole artifact and its reply within Kafka's default maximum record size (1 MiB). Checked before reading a file,
     * so a large file fails at once with a hint instead of being read into memory and refused by the catalog.
     */
    static final long MAX_INLINE_BYTES = CatalogSettings.DEFAULT_MAX_INLINE_BYTES;

    @Option(names = "--file", paramLabel = "NAME=PATH",
            description = "A value stored inline: the file's bytes (at most 960 KiB over all inline values, the catalog's "
                    + "default bound). Repeatable.")
    Map<String, Path> files = new LinkedHashMap<>();

    @Option(names = "--value", paramLabel = "NAME=TEXT",
            description = "A value stored inline: TEXT as UTF-8. Repeatable.")
    Map<String, String> values = new LinkedHashMap<>();

    @Option(names = "--uri", paramLabel = "NAME=URI",
            description = "A value stored by reference, e.g. result=s3://dataproxy/uploads/... (what `dataproxy upload` prints). Repeatable.")
    Map<String, String> uris = new LinkedHashMap<>();

    boolean isEmpty() {
        return files.isEmpty() && values.isEmpty() && uris.isEmpty();
    }

    /** The values in the order: files, strings, URIs; a name given twice is a usage error. */
    List<DataValue> toDataValues() throws IOException {
        List<DataValue> data = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long inline = 0;
        for (Map.Entry<String, Path> file : files.entrySet()) {
            Path path = file.getValue();
            if (path == null || !Files.isRegularFile(path)) {
                throw CliFailure.usage("--file " + file.getKey() + "=" + path + ": no such file", "check the path");
            }
            inline += Files.size(path);
            requireInlineBound(inline, "--file " + file.getKey() + "=" + path);
            data.add(inline(names, file.getKey(), Files.readAllBytes(path)));
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            byte[] bytes = value.getValue().getBytes(StandardCharsets.UTF_8);
            inline += bytes.length;
            requireInlineBound(inline, "--value " + value.getKey());
            data.add(inline(names, value.getKey(), bytes));
        }
        for (Map.Entry<String, String> uri : uris.entrySet()) {
            unique(names, uri.getKey());
            data.add(DataValue.newBuilder().setName(uri.getKey()).setUri(uri.getValue()).build());
        }
        return data;
    }

    private static DataValue inline(Set<String> names, String name, byte[] bytes) {
        unique(names, name);
        return DataValue.newBuilder().setName(name).setInline(ByteBuffer.wrap(bytes)).build();
    }

    private static void unique(Set<String> names, String name) {
        if (name.isBlank()) {
            throw CliFailure.usage("a data value needs a name (NAME=...)", "e.g. --value result=42");
        }
        if (!names.add(name)) {
            throw CliFailure.usage("the data value " + name + " is given twice", "give each --file/--value/--uri its own name");
        }
    }

    private static void requireInlineBound(long total, String what) {
        if (total > MAX_INLINE_BYTES) {
            throw CliFailure.usage("inline data is over 960 KiB with " + what + " (" + total + " bytes in all)",
                    "upload large data (dataproxy upload FILE --project P --domain D) and pass --uri NAME=<the s3:// URL> instead");
        }
    }
}
