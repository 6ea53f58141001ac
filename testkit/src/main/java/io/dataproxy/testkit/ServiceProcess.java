package io.dataproxy.testkit;

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
 * A service (the signer worker, the catalog) running as its own JVM, as in its image: its output in a log file, its
 * health endpoint on a free port ({@code HEALTH_PORT}), and the two ways an orchestrator ends it, SIGTERM and
 * {@code kill -9}. For tests and benchmarks that need a real process: exit codes, a crash, a restart on the same state.
 *
 * <p>Every process started here is also killed by a shutdown hook, so neither a failed test nor a Ctrl-C of a
 * benchmark leaves a JVM behind.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-service-processes"));
    }

    /**
     * How to start a service: the same each time, so a restart runs with the same configuration (and state).
     *
     * @param jvmOptions before {@code -cp}: {@code -Xmx}, {@code -XX:MaxRAM}, ...
     * @param env        added to this process's environment ({@code KAFKA_*}, {@code SIGNER_*}, {@code CATALOG_*})
     */
    public record Launch(Path java, List<String> jvmOptions, String classpath, String mainClass, Map<String, String> env) {
        public Launch {
            jvmOptions = List.copyOf(jvmOptions);
            env = Map.copyOf(env);
        }

        /** This JVM's {@code java}, with its classpath: for a service whose classes this JVM has. */
        public static Launch ofThisJvm(String mainClass, List<String> jvmOptions, Map<String, String> env) {
            return new Launch(Path.of(System.getProperty("java.home"), "bin", "java"), jvmOptions,
                    System.getProperty("java.class.path"), mainClass, env);
        }
    }

    /** An HTTP answer from the health port; status -1 while nothing listens. */
    public record HttpAnswer(int status, String body) {
    }

    private final Process process;
    private final Path log;
    private final int healthPort;
    private final long startedNanos;
    private final long startedEpochMillis;

    private ServiceProcess(Process process, Path log, int healthPort, long startedNanos, long startedEpochMillis) {
        this.process = process;
        this.log = log;
        this.healthPort = healthPort;
        this.startedNanos = startedNanos;
        this.startedEpochMillis = startedEpochMillis;
    }

    /** Starts {@code java [jvmOptions] -cp classpath mainClass} with the launch's environment and a free health port. */
    public static ServiceProcess start(Launch launch, Path log) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(launch.java().toString());
        command.addAll(launch.jvmOptions());
        command.addAll(List.of("-cp", launch.classpath(), launch.mainClass()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(launch.env());
        builder.environment().put("HEALTH_PORT", String.valueOf(port));
        long epoch = System.currentTimeMillis();
        long nanos = System.nanoTime();
        Process process = builder.start();
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        return new ServiceProcess(process, log, port, nanos, epoch);
    }

    /** As {@link #start(Launch, Path)} for {@code java [jvmArgs] -cp classpath mainClass}. */
    public static ServiceProcess start(Path java, List<String> jvmArgs, String classpath, String mainClass,
                                       Map<String, String> env, Path log) throws IOException {
        return start(new Launch(java, jvmArgs, classpath, mainClass, env), log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int healthPort() {
        return healthPort;
    }

    public long pid() {
        return process.pid();
    }

    /** {@link System#nanoTime()} just before the process was started: the zero of every time measured on it. */
    public long startedNanos() {
        return startedNanos;
    }

    /** The wall-clock time of the start, to read the service's own log timestamps against. */
    public long startedEpochMillis() {
        return startedEpochMillis;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The status of {@code GET path} on the health port, or -1 while nothing listens. */
    public int status(String path) {
        return get(path).status();
    }

    /** {@code GET path} on the health port. */
    public HttpAnswer get(String path) {
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

    /** Waits until {@code /readyz} answers 200; fails early, with the log, if the process exits. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive();
            if (status("/readyz") == 200) {
                return;
            }
            process.waitFor(200, TimeUnit.MILLISECONDS); // a poll interval that also notices an exit at once
        }
        throw new AssertionError("/readyz did not answer 200 within " + timeout + ":\n" + tail(60));
    }

    /** Fails with the end of the log when the process has exited: a waiting loop calls it on each poll. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the service exited with " + process.exitValue() + "; its log ends:\n" + tail(60));
        }
    }

    /** Sends SIGTERM and waits for the exit; returns the exit status. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy(); // SIGTERM on Unix
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("no exit within " + timeout + " of SIGTERM; killed it:\n" + tail(60));
        }
        return process.exitValue();
    }

    /** {@code kill -9}, as a crash or an OOM kill ends a pod: no shutdown hook, no commit, no leaving the group. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public Path logFile() {
        return log;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
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
