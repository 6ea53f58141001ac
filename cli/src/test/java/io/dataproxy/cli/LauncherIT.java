package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.cli.CatalogExtension.RunningCatalog;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data sharing archive, with {@code ./dataproxy} as its own process against a catalog on the test
 * broker: written by the first command that reaches the service and by no other, complete or not at all, mapped by
 * the commands after it, retired by a newer jar; and the JVM's messages never in a command's output.
 *
 * <p>Runs after {@code package} (failsafe) on the built jar, as {@link SandboxProcessIT}; it empties
 * {@code cli/target/cds/} first.
 */
@ExtendWith({DataproxyInfraExtension.class, CatalogExtension.class})
class LauncherIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final String MAPPED = "io.dataproxy.cli.catalog.GetCommand source: shared objects file (top)";

    private final Path root = Path.of(System.getProperty("dataproxy.repository.root", "..")).toAbsolutePath().normalize();
    private final Path cds = root.resolve("cli/target/cds");
    private final Infra infra;

    LauncherIT(Infra infra, RunningCatalog catalog) {
        this.infra = infra;
    }

    /** failsafe points java.io.tmpdir into target/; RocksDB unpacks its library there as the catalog starts. */
    @BeforeAll
    static void createTmpDir() throws IOException {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void theFirstCommandThatReachesTheServiceWritesTheArchiveThatLaterCommandsStartFrom(@TempDir Path dir)
            throws Exception {
        String dataset = infra.uniqueName("launcher") + "/development/train/v1";
        assertThat(Cli.against(infra, "catalog", "create-dataset", "--dataset", dataset).exitCode()).isZero();
        assertThat(Cli.against(infra, "catalog", "put", "--dataset", dataset, "--id", "run-1", "--value", "accuracy=0.93",
                "--tag", "latest").exitCode()).isZero();
        deleteRecursively(cds);
        List<String> get = List.of("catalog", "get", "--dataset", dataset, "--tag", "latest", "--json");

        ChildProcess.Result unreachable = launcher(dir, Map.of("DATAPROXY_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "DATAPROXY_TIMEOUT", "2s"), get);
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(files(cds)).as("a command that never reached Kafka writes no archive").isEmpty();

        Path firstLog = dir.resolve("first.log");
        ChildProcess.Result first = launcher(dir, classLog(firstLog), get);
        assertOneArtifact(first);
        List<Path> archives = files(cds);
        assertThat(archives).as("one complete archive, no temporary file").hasSize(1)
                .allMatch(p -> p.getFileName().toString().matches("client-\\d+\\.jsa"));
        assertThat(Files.size(archives.get(0))).isPositive();
        assertThat(Files.readString(firstLog)).doesNotContain(MAPPED);

        Path secondLog = dir.resolve("second.log");
        assertOneArtifact(launcher(dir, classLog(secondLog), get));
        assertThat(Files.readString(secondLog)).as("the second command maps the archive").contains(MAPPED);

        Path jar = Files.list(root.resolve("cli/target"))
                .filter(p -> p.getFileName().toString().matches("dataproxy-cli-.*-SNAPSHOT\\.jar")).findFirst().orElseThrow();
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        Path thirdLog = dir.resolve("third.log");
        assertOneArtifact(launcher(dir, classLog(thirdLog), get));
        assertThat(Files.readString(thirdLog)).as("an archive older than the jar is not used").doesNotContain(MAPPED);
        assertThat(files(cds)).hasSize(1);
        assertThat(Files.getLastModifiedTime(files(cds).get(0))).as("and is written again")
                .isGreaterThan(Files.getLastModifiedTime(jar));

        Path fourthLog = dir.resolve("fourth.log");
        assertOneArtifact(launcher(dir, classLog(fourthLog), get));
        assertThat(Files.readString(fourthLog)).contains(MAPPED);
    }

    /** stdout is the command's output only: one JSON object, whatever the JVM has to say about its archive. */
    private static void assertOneArtifact(ChildProcess.Result run) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines()).as(run.toString()).hasSize(1);
        JsonNode artifact = Json.MAPPER.readTree(run.out());
        assertThat(artifact.get("artifact_id").asText()).isEqualTo("run-1");
        assertThat(run.err()).as("nothing on stderr either").isEmpty();
    }

    private static Map<String, String> classLog(Path log) {
        return Map.of("DATAPROXY_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
    }

    private ChildProcess.Result launcher(Path dir, Map<String, String> env, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("dataproxy").toString());
        command.addAll(args);
        Map<String, String> all = new HashMap<>(Map.of("DATAPROXY_NO_BUILD", "1",
                "DATAPROXY_BOOTSTRAP_SERVERS", infra.bootstrapServers(),
                "DATAPROXY_SCHEMA_REGISTRY_URL", infra.registryUrl().toString(),
                "DATAPROXY_TIMEOUT", "30s"));
        all.putAll(env);
        return ChildProcess.run(command, dir, all, COMMAND_TIMEOUT);
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
