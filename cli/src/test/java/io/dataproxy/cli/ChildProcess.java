package io.dataproxy.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A program run to its end as its own process, with a deadline, its output captured. */
final class ChildProcess {

    record Result(int exitCode, String out, String err) {
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

    private ChildProcess() {
    }

    /** Runs {@code command} in {@code dir} with {@code env} added to this process's environment. */
    static Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("child", ".out");
        Path err = Files.createTempFile("child", ".err");
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
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
