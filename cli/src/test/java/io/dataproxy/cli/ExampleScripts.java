package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The client examples of {@code examples/}: the command that runs each as its own process, its interpreter found and
 * what it needs prepared ({@code npm ci}, Debian's Python packages). An interpreter the machine lacks and cannot get
 * skips the test, saying so.
 */
final class ExampleScripts {

    static final Path EXAMPLES = Path.of(System.getProperty("dataproxy.repository.root", "..")).resolve("examples")
            .toAbsolutePath().normalize();
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern NODE_MAJOR = Pattern.compile("^v(\\d+)\\.");

    private ExampleScripts() {
    }

    /** {@code node} (18 or newer, for fetch) with {@code examples/node}'s packages installed from its lock file. */
    static List<String> node() throws IOException, InterruptedException {
        ChildProcess.Result version = runQuietly(List.of("node", "--version"), EXAMPLES, Map.of(), Duration.ofSeconds(30));
        Matcher major = NODE_MAJOR.matcher(version == null ? "" : version.out());
        Assumptions.assumeTrue(major.find() && Integer.parseInt(major.group(1)) >= 18,
                "Node.js 18 or newer is not on the PATH: the Node.js example is not run");
        Path dir = EXAMPLES.resolve("node");
        if (!installed(dir)) {
            ChildProcess.Result ci = ChildProcess.run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir, Map.of(), SETUP_TIMEOUT);
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
        ChildProcess.Result setup = ChildProcess.run(List.of("bash", dir.resolve("setup.sh").toString()), dir, Map.of(), SETUP_TIMEOUT);
        // setup.sh exits 1 when it may not install (not root, no apt-get); anything else is a failure
        Assumptions.assumeTrue(setup.exitCode() != 1, () -> "the Python example is not run: " + setup.err().strip());
        assertThat(setup.exitCode()).as("examples/python/setup.sh: %s", setup).isZero();
        List<String> lines = setup.out().lines().toList();
        return List.of(lines.get(lines.size() - 1), dir.resolve("dataproxy_example.py").toString());
    }

    /** As {@link ChildProcess#run}, or null when the program does not exist. */
    private static ChildProcess.Result runQuietly(List<String> command, Path dir, Map<String, String> env,
                                                  Duration timeout) throws InterruptedException {
        try {
            return ChildProcess.run(command, dir, env, timeout);
        } catch (IOException e) {
            return null;
        }
    }
}
