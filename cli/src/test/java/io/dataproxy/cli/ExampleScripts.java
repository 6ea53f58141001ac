package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The client examples of {@code examples/} as their own processes: finds their interpreter (and prepares what they
 * need: {@code npm ci}, Debian's Python packages), runs them with a deadline and hands back exit code and output.
 * An interpreter the machine lacks and cannot get skips the test, saying so.
 */
final class ExampleScripts {

    static final Path EXAMPLES = Path.of(System.getProperty("dataproxy.repository.root", "..")).resolve("examples")
            .toAbsolutePath().normalize();
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern NODE_MAJOR = Pattern.compile("^v(\\d+)\\.");

    record Run(int exitCode, String out, String err) {
        /** The text after {@code "<step>: "} on the step's line of stdout; fails when there is no such line. */
        String step(String step) {
            return out.lines().filter(line -> line.startsWith(step + ": ")).findFirst()
                    .map(line -> line.substring(step.length() + 2))
                    .orElseThrow(() -> new AssertionError("no '" + step + ":' line in\n" + this));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private ExampleScripts() {
    }

    /** {@code node} (18 or newer, for fetch) with {@code examples/node}'s packages installed from its lock file. */
    static List<String> node() throws IOException, InterruptedException {
        Run version = runQuietly(List.of("node", "--version"), EXAMPLES, Map.of(), Duration.ofSeconds(30));
        Matcher major = NODE_MAJOR.matcher(version == null ? "" : version.out());
        Assumptions.assumeTrue(major.find() && Integer.parseInt(major.group(1)) >= 18,
                "Node.js 18 or newer is not on the PATH: the Node.js example is not run");
        Path dir = EXAMPLES.resolve("node");
        if (!installed(dir)) {
            Run ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir, Map.of(), SETUP_TIMEOUT);
            assertThat(ci.exitCode()).as("npm ci in %s: %s", dir, ci).isZero();
        }
        return List.of("node", dir.resolve("dataproxy-example.js").toString());
    }

    /** npm writes node_modules/.package-lock.json at each install: current when newer than the lock file. */
    private static boolean installed(Path dir) throws IOException {
        Path hidden = dir.resolve("node_modules/.package-lock.json");
        return Files.exists(hidden) && Files.getLastModifiedTime(hidden)
                .compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0;
    }

    /** Debian's python3 with python3-confluent-kafka and python3-avro, installed by the example's setup.sh if root. */
    static List<String> python() throws IOException, InterruptedException {
        Path dir = EXAMPLES.resolve("python");
        Run setup = run(List.of("bash", dir.resolve("setup.sh").toString()), dir, Map.of(), SETUP_TIMEOUT);
        // setup.sh exits 1 when it may not install (not root, no apt-get); anything else is a failure
        Assumptions.assumeTrue(setup.exitCode() != 1, () -> "the Python example is not run: " + setup.err().strip());
        assertThat(setup.exitCode()).as("examples/python/setup.sh: %s", setup).isZero();
        List<String> lines = setup.out().lines().toList();
        return List.of(lines.get(lines.size() - 1), dir.resolve("dataproxy_example.py").toString());
    }

    /** Runs {@code command} in {@code dir} with {@code env} added to this process's environment. */
    static Run run(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("example", ".out");
        Path err = Files.createTempFile("example", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(command + " did not finish within " + timeout + "\n--- out\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + "--- err\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** As {@link #run}, or null when the program does not exist. */
    private static Run runQuietly(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws InterruptedException {
        try {
            return run(command, dir, env, timeout);
        } catch (IOException e) {
            return null;
        }
    }
}
