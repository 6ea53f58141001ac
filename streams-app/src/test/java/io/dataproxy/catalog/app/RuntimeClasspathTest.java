package io.dataproxy.catalog.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.ops.testing.BuildOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The catalog's image carries only the catalog's runtime dependencies: no storage SDK (AWS, MinIO) and
 * not the signer worker, so each image upgrades on its own.
 */
class RuntimeClasspathTest {

    /** Path fragments of what the catalog must not carry: Maven repository paths, jar names, a reactor module's directory. */
    static final List<String> SIGNER_ONLY = List.of(
            "/software/amazon/awssdk/", "/io/minio/", "minio-", "dataproxy-signer-worker", "/signer-worker/");

    @Test
    void theResolvedRuntimeDependenciesHaveNoStorageSdk() {
        List<Path> dependencies = BuildOutput.of(getClass()).runtimeDependencies();
        assertThat(dependencies).as("the list is the real one")
                .anyMatch(p -> p.getFileName().toString().startsWith("kafka-streams-"))
                .anyMatch(p -> p.getFileName().toString().startsWith("rocksdbjni-"));
        assertThat(dependencies).noneMatch(RuntimeClasspathTest::signerOnly);
    }

    /** lib/ in the build directory, what the Dockerfile copies, when a package has made it. */
    @Test
    void theImagesLibDirectoryHasNoStorageSdk() throws IOException {
        Path lib = BuildOutput.of(getClass()).dir().resolve("lib");
        if (!Files.isDirectory(lib)) {
            return; // `verify` runs the tests before `package` makes lib/; the resolved list above is the same set
        }
        try (Stream<Path> jars = Files.list(lib)) {
            assertThat(jars.toList()).noneMatch(RuntimeClasspathTest::signerOnly);
        }
    }

    private static boolean signerOnly(Path entry) {
        String path = entry.toString().replace('\\', '/');
        return SIGNER_ONLY.stream().anyMatch(path::contains);
    }
}
