package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox as the README runs it: {@code ./dataproxy sandbox} as its own process, the CLI through the launcher
 * against it (an upload, an artifact in the catalog), SIGTERM to stop it, and a restart on the same data directory.
 *
 * <p>Runs after {@code package} (failsafe), so the launcher finds a fresh jar; DATAPROXY_NO_BUILD keeps it from
 * building again when a file of another module changed meanwhile (the build belongs to the developer, not the test).
 */
class SandboxProcessIT {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final String DATASET = "flytesnacks/development/flyte_task-train/v1";

    private final Path launcher = Path.of(System.getProperty("dataproxy.repository.root", "..")).resolve("dataproxy")
            .toAbsolutePath().normalize();

    @Test
    void startsUploadsStopsOnSigtermAndKeepsItsDataAcrossARestart(@TempDir Path dir) throws Exception {
        int kafkaPort = freePort();
        int s3Port = freePort();
        int registryPort = freePort();
        int readPort = freePort();
        Path dataDir = dir.resolve("data");
        List<String> sandboxArgs = List.of("sandbox", "--data-dir", dataDir.toString(), "--kafka-port", String.valueOf(kafkaPort),
                "--s3-port", String.valueOf(s3Port), "--registry-port", String.valueOf(registryPort),
                "--catalog-read-port", String.valueOf(readPort));
        Map<String, String> connection = Map.of(
                "DATAPROXY_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort,
                "DATAPROXY_SCHEMA_REGISTRY_URL", "http://127.0.0.1:" + registryPort);

        byte[] content = new byte[200_000];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("data.bin"), content);
        String nativeUrl;

        try (Sandbox sandbox = Sandbox.start(launcher, sandboxArgs, dir.resolve("sandbox-1.err"))) {
            assertThat(sandbox.readyLine).contains("bootstrap-servers=127.0.0.1:" + kafkaPort)
                    .contains("s3-endpoint=http://127.0.0.1:" + s3Port)
                    .contains("schema-registry-url=http://127.0.0.1:" + registryPort)
                    .contains("s3-access-key=").contains("s3-secret-key=")
                    .contains("data-dir=" + dataDir.toRealPath())
                    .contains("catalog-read-url=http://localhost:" + readPort)
                    .as("ready once the catalog is").contains("services=signer-worker,catalog");

            Run upload = run(connection, dir, "upload", file.toString(), "--project", "flytesnacks", "--domain", "development");
            assertThat(upload.exitCode).as(upload.toString()).isZero();
            nativeUrl = upload.out.strip();
            assertThat(nativeUrl).startsWith("s3://dataproxy/").endsWith("/data.bin");

            Run dataset = run(connection, dir, "catalog", "create-dataset", "--dataset", DATASET);
            assertThat(dataset.exitCode).as(dataset.toString()).isZero();
            Run put = run(connection, dir, "catalog", "put", "--dataset", DATASET, "--id", "run-1",
                    "--uri", "model=" + nativeUrl, "--tag", "latest", "--ttl", "1h");
            assertThat(put.exitCode).as(put.toString()).isZero();

            sandbox.terminateAndExpectCleanExit();
        }

        try (Sandbox restarted = Sandbox.start(launcher, sandboxArgs, dir.resolve("sandbox-2.err"))) {
            Path copy = dir.resolve("copy.bin");
            Run download = run(connection, dir, "download", nativeUrl, "-o", copy.toString());
            assertThat(download.exitCode).as(download.toString()).isZero();
            assertThat(Files.readAllBytes(copy)).as("the object survived the restart").isEqualTo(content);

            Run get = run(connection, dir, "catalog", "get", "--dataset", DATASET, "--tag", "latest", "--json");
            assertThat(get.exitCode).as(get.toString()).isZero();
            assertThat(get.out).as("the catalog's state survived the restart").contains("\"artifact_id\":\"run-1\"")
                    .contains(nativeUrl);
            Run read = run(connection, dir, "catalog", "get", "--dataset", DATASET, "--tag", "latest", "--json",
                    "--read-url", "http://localhost:" + readPort);
            assertThat(read.exitCode).as(read.toString()).isZero();
            assertThat(read.out).as("the same over the catalog's read path").isEqualTo(get.out);

            Run tail = run(connection, dir, "tail", "dataproxy.url.requests", "--from-beginning", "--grep", "flytesnacks");
            assertThat(tail.exitCode).as(tail.toString()).isZero();
            assertThat(tail.out).as("the topic and its records survived the restart").contains("\"filename\":\"data.bin\"");

            restarted.terminateAndExpectCleanExit();
        }
    }

    @Test
    void infraOnlyStartsKafkaS3AndTheRegistryButNoService(@TempDir Path dir) throws Exception {
        int kafkaPort = freePort();
        List<String> sandboxArgs = List.of("sandbox", "--infra-only", "--data-dir", dir.resolve("data").toString(),
                "--kafka-port", String.valueOf(kafkaPort), "--s3-port", String.valueOf(freePort()),
                "--registry-port", String.valueOf(freePort()));
        try (Sandbox sandbox = Sandbox.start(launcher, sandboxArgs, dir.resolve("sandbox.err"))) {
            assertThat(sandbox.readyLine).contains("bootstrap-servers=127.0.0.1:" + kafkaPort).contains("services= ");
            Path file = Files.write(dir.resolve("a.txt"), new byte[] {1, 2, 3});
            String registry = sandbox.readyLine.replaceAll(".*schema-registry-url=(\\S+).*", "$1");
            Run upload = run(Map.of("DATAPROXY_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort,
                    "DATAPROXY_SCHEMA_REGISTRY_URL", registry, "DATAPROXY_TIMEOUT", "3s"),
                    dir, "upload", file.toString(), "--project", "p", "--domain", "d");
            assertThat(upload.exitCode).as("no signer answers: " + upload).isEqualTo(ExitCodes.UNREACHABLE);
            sandbox.terminateAndExpectCleanExit();
        }
    }

    /** One {@code ./dataproxy sandbox} process and the lines it printed. */
    private static final class Sandbox implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();
        String readyLine;

        private Sandbox(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process is gone; waiting callers see no more lines
                }
            }, "sandbox-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static Sandbox start(Path launcher, List<String> args, Path stderr) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(launcher.toString());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            builder.environment().put("DATAPROXY_NO_BUILD", "1");
            Sandbox sandbox = new Sandbox(builder.start());
            sandbox.readyLine = sandbox.awaitLine("dataproxy sandbox ready", READY_TIMEOUT, stderr);
            return sandbox;
        }

        String awaitLine(String prefix, Duration timeout, Path stderr) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no line starting with '" + prefix + "' within " + timeout + "; stdout: " + seen
                            + "; alive: " + process.isAlive() + "; stderr: " + Files.readString(stderr));
                }
                seen.add(line);
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        void terminateAndExpectCleanExit() throws Exception {
            long begin = System.nanoTime();
            // SIGTERM by pid, as an operator (or Kubernetes) sends it. Not Process.destroy(): that also closes our end
            // of the pipes, and the lines printed while stopping would be lost. The launcher exec'd the JVM, so the
            // pid is the JVM's.
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
            assertThat(process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("stopped within %s", STOP_TIMEOUT).isTrue();
            assertThat(process.exitValue()).as("a clean stop exits 0").isZero();
            String stopped = null;
            for (String line; (line = lines.poll(5, TimeUnit.SECONDS)) != null; ) {
                seen.add(line);
                if (line.startsWith("dataproxy sandbox: stopped in")) {
                    stopped = line;
                    break;
                }
            }
            assertThat(stopped).as("printed its stop: %s", seen).isNotNull();
            System.out.printf("sandbox %s; stopped %d ms after SIGTERM%n", readyLine.substring(0, readyLine.indexOf(':')),
                    (System.nanoTime() - begin) / 1_000_000);
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Run run(Map<String, String> env, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        builder.environment().put("DATAPROXY_NO_BUILD", "1");
        Process process = builder.start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("dataproxy " + String.join(" ", args) + " did not finish within " + COMMAND_TIMEOUT);
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
