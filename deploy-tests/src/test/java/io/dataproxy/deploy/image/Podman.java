package io.dataproxy.deploy.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The podman command line, with the engine settings of {@code deploy-tests/images/containers.conf}. */
final class Podman {

    static final Path IMAGES_DIR = Path.of("images").toAbsolutePath();

    /** What a command printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        Result orFail(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed (exit " + exitCode + "): " + tail(stderr) + tail(stdout));
            }
            return this;
        }

        private static String tail(String text) {
            return text.length() > 4000 ? "…" + text.substring(text.length() - 4000) : text;
        }
    }

    private Podman() {
    }

    static Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return exec(command, timeout, null);
    }

    /** Runs a command with podman's settings in its environment, in {@code directory} (or the current one). */
    static Result exec(List<String> command, Duration timeout, Path directory) {
        try {
            Path out = Files.createTempFile("podman-out", ".txt");
            Path err = Files.createTempFile("podman-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("CONTAINERS_CONF", IMAGES_DIR.resolve("containers.conf").toString());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ": "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
