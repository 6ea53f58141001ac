package io.dataproxy.bench.restore;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The catalog app ({@code io.dataproxy.catalog.app.CatalogAppMain}) as its own JVM, configured by environment as
 * README documents, with its output in a log file and its health endpoint on a free port.
 *
 * <p>Every process started here is also registered with a shutdown hook that kills it, so that neither an exception
 * nor a Ctrl-C of the benchmark leaves a catalog JVM behind.
 */
final class CatalogProcess implements AutoCloseable {

    static final String MAIN_CLASS = "io.dataproxy.catalog.app.CatalogAppMain";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-catalog-processes"));
    }

    /**
     * How to start the catalog: the same each time, so a restart runs with the same application id and state directory.
     *
     * @param jvmOptions before {@code -cp}: {@code -XX:MaxRAM}, {@code -XX:MaxRAMPercentage}, ...
     * @param env        added to this process's environment ({@code KAFKA_*}, {@code CATALOG_*})
     */
    record Launch(Path java, List<String> jvmOptions, String classpath, Map<String, String> env) {
    }

    private final Process process;
    private final Path log;
    private final int healthPort;
    private final long startedNanos;
    private final long startedEpochMillis;

    private CatalogProcess(Process process, Path log, int healthPort, long startedNanos, long startedEpochMillis) {
        this.process = process;
        this.log = log;
        this.healthPort = healthPort;
        this.startedNanos = startedNanos;
        this.startedEpochMillis = startedEpochMillis;
    }

    static CatalogProcess start(Launch launch, Path log) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(launch.java().toString());
        command.addAll(launch.jvmOptions());
        command.addAll(List.of("-cp", launch.classpath(), MAIN_CLASS));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(launch.env());
        builder.environment().put("HEALTH_PORT", String.valueOf(port));
        long epoch = System.currentTimeMillis();
        long nanos = System.nanoTime();
        Process process = builder.start();
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        return new CatalogProcess(process, log, port, nanos, epoch);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@link System#nanoTime()} just before the process was started: the zero of every time measured on it. */
    long startedNanos() {
        return startedNanos;
    }

    long startedEpochMillis() {
        return startedEpochMillis;
    }

    Path log() {
        return log;
    }

    /** Fails with the end of the log when the process has exited: a waiting loop calls it on each poll. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the catalog process exited with " + process.exitValue() + "; its log ends:\n"
                    + tail(40));
        }
    }

    /**
     * {@code GET /readyz}; fails, with the end of the log, when Kafka Streams has failed or is shutting down: the
     * catalog's JVM stays up after a failed start (its health endpoint keeps serving), so a waiting loop would
     * otherwise wait for its whole deadline.
     */
    HttpAnswer readiness() {
        HttpAnswer answer = get("/readyz");
        if (answer.status() == 503 && answer.body().matches("(?s).*Kafka Streams is (ERROR|PENDING_ERROR|NOT_RUNNING|PENDING_SHUTDOWN).*")) {
            throw new IllegalStateException("the catalog failed (/readyz: " + answer.body().strip() + "); its log ends:\n" + tail(40));
        }
        return answer;
    }

    /** {@code GET path} on the health port: status and body, or status -1 while nothing listens. */
    HttpAnswer get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new HttpAnswer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new HttpAnswer(-1, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HttpAnswer(-1, "interrupted");
        }
    }

    record HttpAnswer(int status, String body) {
    }

    /** SIGTERM, then waits for the exit (the catalog commits and leaves its group); returns the exit status. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the catalog did not exit within " + timeout + " of SIGTERM; killed it");
        }
        return process.exitValue();
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
