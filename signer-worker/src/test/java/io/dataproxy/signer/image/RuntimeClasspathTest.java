package io.dataproxy.signer.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.ops.testing.BuildOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The signer's image carries only the signer's runtime dependencies: the catalog's Kafka Streams and
 * RocksDB (and the catalog itself) stay out, so each image upgrades on its own.
 */
class RuntimeClasspathTest {

    /** Path fragments of what the worker must not carry: Maven repository paths, jar names, a reactor module's directory. */
    static final List<String> CATALOG_ONLY = List.of(
            "/org/rocksdb/", "rocksdbjni", "/org/apache/kafka/kafka-streams/", "kafka-streams-",
            "dataproxy-streams-app", "/streams-app/");

    @Test
    void theResolvedRuntimeDependenciesHaveNoKafkaStreamsNorRocksDb() {
        List<Path> dependencies = BuildOutput.of(getClass()).runtimeDependencies();
        assertThat(dependencies).as("the list is the real one").anyMatch(p -> p.getFileName().toString().startsWith("kafka-clients-"))
                .anyMatch(p -> p.toString().contains("awssdk"));
        assertThat(dependencies).noneMatch(RuntimeClasspathTest::catalogOnly);
    }

    /** target/lib, what the Dockerfile copies, when a package has made it. */
    @Test
    void theImagesLibDirectoryHasNoKafkaStreamsNorRocksDb() throws IOException {
        Path lib = BuildOutput.of(getClass()).dir().resolve("lib");
        if (!Files.isDirectory(lib)) {
            return; // `verify` runs the tests before `package` makes lib/; the resolved list above is the same set
        }
        try (Stream<Path> jars = Files.list(lib)) {
            assertThat(jars.toList()).noneMatch(RuntimeClasspathTest::catalogOnly);
        }
    }

    private static boolean catalogOnly(Path entry) {
        String path = entry.toString().replace('\\', '/');
        return CATALOG_ONLY.stream().anyMatch(path::contains);
    }
}
