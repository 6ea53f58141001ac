package io.dataproxy.cli.url;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataproxy.avro.url.DownloadLinks;
import io.dataproxy.cli.CliCommand;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionOptions;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Downloads an object through a signed URL the signer worker makes for it.")
public final class DownloadCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "NATIVE_URL", description = "s3://bucket/key of the object.")
    String nativeUrl;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write it (default: the key's last segment, in the current directory).")
    Path output;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    @Option(names = "--no-progress", description = "Do not show progress.")
    boolean noProgress;

    @Mixin
    ConnectionOptions connection;

    @Override
    protected int run() throws Exception {
        Path target = output != null ? output : Path.of(lastSegment(nativeUrl));
        if (Files.exists(target) && !force) {
            throw CliFailure.refused(target + " exists", "pass --force to overwrite it, or -o another path");
        }
        if (target.toAbsolutePath().getParent() != null && !Files.isDirectory(target.toAbsolutePath().getParent())) {
            throw CliFailure.usage("directory " + target.toAbsolutePath().getParent() + " does not exist", "create it first");
        }
        ConnectionSettings settings = connection.settings();
        DownloadLinks links = LinkCommand.request(settings, List.of(nativeUrl), null);
        long bytes = new ObjectTransfer(settings.timeout()).get(links.getSignedUrls().get(0), target,
                total -> new Progress("download " + target.getFileName(), total, err(), Progress.onTerminal(), !noProgress));
        if (json) {
            ObjectNode result = Json.object();
            result.put("native_url", nativeUrl);
            result.put("file", target.toAbsolutePath().toString());
            result.put("size", bytes);
            out().println(Json.line(result));
        } else {
            out().println(target);
        }
        return ExitCodes.OK;
    }

    private static String lastSegment(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String segment = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        if (segment.isEmpty() || !url.contains("://")) {
            throw CliFailure.usage("not a native URL: " + url, "give s3://<bucket>/<key>");
        }
        return segment;
    }
}
