package io.dataproxy.cli.sandbox;

import io.dataproxy.cli.CliFailure;
import io.dataproxy.registry.local.LocalSchemaRegistry;
import io.dataproxy.sandbox.EmbeddedKafka;
import io.dataproxy.sandbox.EmbeddedS3;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM: a KRaft broker, the S3 server with its bucket, the schema registry, the topics, then
 * every {@link SandboxService}, side by side. Everything keeps its data under the data directory, so a restart finds it again.
 * {@link #close()} stops the parts in reverse order of start.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

    private final Deque<Part> started = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private SandboxEndpoints endpoints;
    private final List<String> running = new ArrayList<>();
    private final CompletableFuture<String> serviceStopped = new CompletableFuture<>();

    private record Part(String name, AutoCloseable handle) {
    }

    private Sandbox() {
    }

    /**
     * Starts everything, in order, and returns when every service is ready. On a failure, what did start is
     * stopped again and the failure is thrown.
     *
     * @param logTo called with the log file's path once the data directory is ready (the command decides how to log)
     */
    public static Sandbox start(SandboxSettings settings, List<SandboxService> services, Consumer<Path> logTo) {
        Sandbox sandbox = new Sandbox();
        try {
            sandbox.startAll(settings, services, logTo);
            return sandbox;
        } catch (RuntimeException | Error e) {
            sandbox.close();
            throw e;
        }
    }

    private void startAll(SandboxSettings settings, List<SandboxService> services, Consumer<Path> logTo) {
        DataDir dataDir = DataDir.open(settings.dataDir(), settings.clean());
        started.push(new Part("data directory lock", dataDir));
        logTo.accept(dataDir.part(DataDir.LOG));

        EmbeddedKafka kafka = startPart("Kafka broker", () ->
                EmbeddedKafka.start(dataDir.part(DataDir.KAFKA), settings.kafkaPort()));
        EmbeddedS3 s3 = startPart("S3 server", () -> EmbeddedS3.start(dataDir.part(DataDir.S3), settings.s3Port(),
                SandboxSettings.S3_ACCESS_KEY, SandboxSettings.S3_SECRET_KEY));
        s3.createBucket(SandboxSettings.BUCKET);
        LocalSchemaRegistry registry = startPart("schema registry", () -> LocalSchemaRegistry.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.registryPort()),
                dataDir.part(DataDir.REGISTRY)));
        SandboxTopics.create(kafka.admin());

        endpoints = new SandboxEndpoints(kafka.bootstrapServers(), s3.endpoint(), s3.accessKey(), s3.secretKey(),
                s3.region(), SandboxSettings.BUCKET, registry.url(), dataDir.root(), settings.catalogReadPort());
        startServices(services);
    }

    /**
     * Starts the services side by side: they need the infrastructure, not each other, and each spends its start
     * mostly waiting for its consumer group, so together they take about as long as the slowest. Every one that
     * started is kept (and stopped by {@link #close()}) even when another failed; then the first failure is thrown.
     */
    private void startServices(List<SandboxService> services) {
        List<CompletableFuture<Part>> starts = new ArrayList<>();
        for (SandboxService service : services) {
            CompletableFuture<Part> start = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    AutoCloseable handle = timed(service.name(), () -> service.start(endpoints));
                    service.stoppedByItself(handle).thenAccept(reason ->
                            serviceStopped.complete("the " + service.name() + " stopped: " + reason));
                    start.complete(new Part(service.name(), handle));
                } catch (Throwable e) {
                    start.completeExceptionally(e);
                }
            }, "sandbox-start-" + service.name().replace(' ', '-'));
            thread.start();
            starts.add(start);
        }
        RuntimeException failure = null;
        for (CompletableFuture<Part> start : starts) {
            try {
                Part part = start.join();
                started.push(part);
                running.add(part.name());
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private interface Starter<T extends AutoCloseable> {
        T start() throws Exception;
    }

    private <T extends AutoCloseable> T startPart(String name, Starter<T> starter) {
        T handle = timed(name, starter);
        started.push(new Part(name, handle));
        return handle;
    }

    /** Starts one part and logs how long it took; a failure comes back as one line for a person. */
    private static <T extends AutoCloseable> T timed(String name, Starter<T> starter) {
        long begin = System.nanoTime();
        T handle;
        try {
            handle = starter.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted while starting the " + name, null, e);
        } catch (Exception e) {
            throw CliFailure.failed("the " + name + " did not start: " + e.getMessage(),
                    "see sandbox.log in the data directory; --clean starts from empty data", e);
        }
        log.info("sandbox: {} started in {} ms", name, (System.nanoTime() - begin) / 1_000_000);
        return handle;
    }

    public SandboxEndpoints endpoints() {
        return endpoints;
    }

    /**
     * Completes, saying which and why, when a service that started stops by itself: the sandbox is then no longer
     * what its ready line promised, and whoever runs it should stop it and fail.
     */
    public CompletableFuture<String> serviceStopped() {
        return serviceStopped;
    }

    /** The services that started and are ready, in list order (e.g. "signer worker", "catalog"). */
    public List<String> services() {
        return List.copyOf(running);
    }

    /** Stops every part, newest first; a part that fails to stop is logged and the others still stop. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        while (!started.isEmpty()) {
            Part part = started.pop();
            long begin = System.nanoTime();
            try {
                part.handle().close();
                log.info("sandbox: {} stopped in {} ms", part.name(), (System.nanoTime() - begin) / 1_000_000);
            } catch (Exception e) {
                log.warn("sandbox: the {} did not stop cleanly", part.name(), e);
            }
        }
    }
}
