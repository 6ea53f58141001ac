package io.dataproxy.ops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfilesTest {

    @Test
    void readsTheHealthcheckAndAHeredoc(@TempDir Path dir) throws Exception {
        Path dockerfile = dir.resolve("Dockerfile");
        Files.writeString(dockerfile, """
                FROM debian:bookworm-slim
                COPY <<'EOF_CONF' /app/conf.xml
                <conf>
                  <a/>
                </conf>
                EOF_CONF
                # a comment
                HEALTHCHECK --interval=10s \\
                    --retries=3 CMD ["bash", "-c", "echo \\"ok\\" && exit 0"]
                ENTRYPOINT ["java"]
                """);
        assertThat(Dockerfiles.healthcheck(dockerfile)).containsExactly("bash", "-c", "echo \"ok\" && exit 0");
        assertThat(Dockerfiles.copied(dockerfile, "/app/conf.xml")).isEqualTo("<conf>\n  <a/>\n</conf>\n");
        assertThat(Dockerfiles.instructions(dockerfile)).contains("ENTRYPOINT [\"java\"]").noneMatch(l -> l.startsWith("#"));
    }

    @Test
    void readsAFileCopiedFromTheBuildContext(@TempDir Path root) throws Exception {
        Path module = Files.createDirectories(root.resolve("svc"));
        Files.createDirectories(root.resolve("svc/src/main/docker"));
        Files.writeString(root.resolve("svc/src/main/docker/logback.xml"), "<configuration/>\n");
        Path dockerfile = module.resolve("Dockerfile");
        Files.writeString(dockerfile, """
                FROM debian:bookworm-slim
                COPY svc/src/main/docker/logback.xml /app/logback.xml
                """);
        assertThat(Dockerfiles.copied(dockerfile, "/app/logback.xml")).isEqualTo("<configuration/>\n");
    }
}
