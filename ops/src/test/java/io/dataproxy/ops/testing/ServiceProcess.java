package io.dataproxy.ops.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service running as its own process (as in its image), with its output in a log file, its health
 * endpoint on a known port, and a SIGTERM stop.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int healthPort;

    private ServiceProcess(Process process, Path log, int healthPort) {
        this.process = process;
        this.log = log;
        this.healthPort = healthPort;
    }

    /**
     * Starts {@code java [jvmArgs] -cp classpath mainClass} with {@code env} added to this process's
     * environment and {@code HEALTH_PORT} set to a free port.
     */
    public static ServiceProcess start(Path java, List<String> jvmArgs, String classpath, String mainClass,
                                       Map<String, String> env, Path log) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classpath, mainClass));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("HEALTH_PORT", String.valueOf(port));
        return new ServiceProcess(builder.start(), log, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int healthPort() {
        return healthPort;
    }

    /** The status of {@code GET path} on the health port, or -1 while nothing listens. */
    public int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + healthPort + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until {@code /readyz} answers 200; fails early, with the log, if the process exits. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + " before it was ready:\n" + log());
            }
            if (status("/readyz") == 200) {
                return;
            }
            process.waitFor(200, TimeUnit.MILLISECONDS); // a poll interval that also notices an exit at once
        }
        throw new AssertionError("/readyz did not answer 200 within " + timeout + ":\n" + log());
    }

    /** Sends SIGTERM and waits for the exit; returns the exit status. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy(); // SIGTERM on Unix
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("no exit within " + timeout + " of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
