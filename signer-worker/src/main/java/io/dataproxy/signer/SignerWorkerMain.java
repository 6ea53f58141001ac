package io.dataproxy.signer;

import io.dataproxy.cleanup.CleanupMetrics;
import io.dataproxy.cleanup.DeletionScope;
import io.dataproxy.cleanup.StorageCleaner;
import io.dataproxy.config.ConfigException;
import io.dataproxy.config.ConfigFileOption;
import io.dataproxy.ops.OpsEndpoint;
import io.dataproxy.ops.ServiceMetrics;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.signer.multipart.AbandonedUploadSweep;
import io.dataproxy.signer.multipart.MultipartUploadSigner;
import io.dataproxy.storage.ObjectStorage;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar dataproxy-signer-worker.jar [--config signer.yaml]}: loads and validates the
 * configuration, runs the worker and, when {@code cleanup.enabled}, the storage clean-up beside it
 * ({@link SignerProcess}), serves {@code /healthz}, {@code /readyz} and {@code /metrics} on
 * {@code health.port}, and stops gracefully on SIGTERM. When either part stops on its own, the other is
 * stopped too and the process exits. Before it starts, it checks its topics ({@link SignerTopics}). Exit codes:
 * 0 stopped, 1 failed (or Kafka unreachable at the start), 2 bad configuration (or a topic missing or misconfigured).
 */
public final class SignerWorkerMain {

    private static final Logger log = LoggerFactory.getLogger(SignerWorkerMain.class);

    /** The {@code application} tag on every meter. */
    public static final String APPLICATION = "dataproxy-signer";

    private SignerWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SignerConfig config;
        try {
            config = SignerConfig.load(ConfigFileOption.parse(args), System.getenv());
        } catch (ConfigException e) {
            System.err.println("dataproxy signer: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<String> topicProblems;
        try {
            topicProblems = SignerTopics.problems(config);
        } catch (IllegalStateException e) {
            System.err.println("dataproxy signer: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (!topicProblems.isEmpty()) {
            System.err.println("dataproxy signer: topics not as the signer needs them: " + String.join("; ", topicProblems));
            System.exit(2);
            return;
        }
        Served served;
        try {
            served = serve(config, Clock.systemUTC());
        } catch (UncheckedIOException e) {
            System.err.println("dataproxy signer: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(served::close, "signer-shutdown"));
        served.process().awaitStopped();
        served.close(); // the part still running, when the other stopped on its own
        Throwable failure = served.process().failure();
        if (failure != null) {
            System.err.println("dataproxy signer: stopped after a fatal error: " + failure);
        }
        System.exit(failure == null ? 0 : 1);
    }

    /**
     * What {@code main} runs: the process recording into a Prometheus registry, and the health endpoint when
     * {@code health.enabled}. Closing it stops the worker (answering what is in flight), the clean-up, then the endpoint.
     */
    public record Served(SignerProcess process, ServiceMetrics metrics, Optional<OpsEndpoint> endpoint) implements AutoCloseable {

        public SignerWorker worker() {
            return process.worker();
        }

        @Override
        public void close() {
            try {
                process.close();
            } finally {
                endpoint.ifPresent(OpsEndpoint::close);
                metrics.close();
            }
        }
    }

    public static Served serve(SignerConfig config, Clock clock) {
        ServiceMetrics metrics = ServiceMetrics.create(APPLICATION);
        SignerProcess process = run(config, clock, new SignerMetrics(metrics.registry()), new CleanupMetrics(metrics.registry()));
        if (!config.health().enabled()) {
            return new Served(process, metrics, Optional.empty());
        }
        try {
            OpsEndpoint endpoint = OpsEndpoint.start(config.health().port(), metrics.registry(), process::readiness);
            return new Served(process, metrics, Optional.of(endpoint));
        } catch (RuntimeException e) {
            process.close();
            metrics.close();
            throw e;
        }
    }

    /** The worker and (when enabled) the clean-up, started side by side; see {@link SignerProcess}. */
    public static SignerProcess run(SignerConfig config, Clock clock, SignerMetrics metrics, CleanupMetrics cleanupMetrics) {
        ObjectStorage storage = ObjectStorage.open(config.storage());
        Optional<StorageCleaner> cleaner = Optional.empty();
        try {
            cleaner = config.cleanup().enabled() ? Optional.of(cleaner(config, storage, cleanupMetrics)) : Optional.empty();
            SignerWorker worker = new SignerWorker(config, handler(config, storage, clock, metrics), () -> { }, metrics);
            return new SignerProcess(worker, cleaner, sweep(config, storage, clock), storage).start();
        } catch (RuntimeException e) {
            cleaner.ifPresent(StorageCleaner::close);
            storage.close();
            throw e;
        }
    }

    /** Without metrics or health endpoint: for tests and the sandbox, which start and stop signers. */
    public static SignerProcess run(SignerConfig config, Clock clock) {
        return run(config, clock, SignerMetrics.none(), CleanupMetrics.none());
    }

    /**
     * The worker alone as the handle, for embedding callers that only stop it: the clean-up (when enabled) runs
     * beside it and stops with it, but its failures are not reported through it. Use {@link #run} to watch both.
     */
    public static SignerWorker start(SignerConfig config, Clock clock) {
        return start(config, clock, SignerMetrics.none());
    }

    public static SignerWorker start(SignerConfig config, Clock clock, SignerMetrics metrics) {
        ObjectStorage storage = ObjectStorage.open(config.storage());
        StorageCleaner cleaner = config.cleanup().enabled() ? cleaner(config, storage, CleanupMetrics.none()) : null;
        SignerWorker worker = new SignerWorker(config, handler(config, storage, clock, metrics),
                cleaner == null ? storage : closingBoth(cleaner, storage), metrics);
        if (cleaner != null) {
            cleaner.start();
        }
        return worker.start();
    }

    private static UrlRequestHandler handler(SignerConfig config, ObjectStorage storage, Clock clock, SignerMetrics metrics) {
        log.info("signer worker: requests from {} (group {}), replies to {} or a topic the request names among {}; storage {},"
                        + " bucket {}", config.worker().requestTopic(), config.worker().groupId(), config.worker().replyTopic(),
                config.worker().replyTopics().describe(), storage.describe(), config.storage().container());
        String container = config.storage().container();
        return new UrlRequestHandler(
                new UploadLocationSigner(config.upload(), storage, container),
                new DownloadLinkSigner(config.download(), storage, config.storage().allowedContainers(), clock),
                new MultipartUploadSigner(config.upload(), storage, container, clock),
                new UploadFormSigner(config.upload(), storage, container),
                clock, metrics);
    }

    /** Aborts multipart uploads nobody completed, where the storage has them. */
    private static Optional<AbandonedUploadSweep> sweep(SignerConfig config, ObjectStorage storage, Clock clock) {
        String prefix = config.upload().storagePrefix().isEmpty() ? "" : config.upload().storagePrefix() + "/";
        return storage.multipart().map(uploads -> new AbandonedUploadSweep(uploads, config.storage().container(), prefix,
                config.upload().multipart().abandonAfter(), config.upload().multipart().sweepInterval(), clock));
    }

    /** Deletes what the catalog releases, in the buckets download links may name and under {@code cleanup.allowedPrefixes}. */
    private static StorageCleaner cleaner(SignerConfig config, ObjectStorage storage, CleanupMetrics metrics) {
        DeletionScope scope = new DeletionScope(config.storage().allowedContainers(), config.cleanup().allowedPrefixes());
        log.info("storage clean-up: DataReleased events from {} (group {}) delete objects in {}",
                config.cleanup().eventsTopic(), config.cleanup().groupId(), scope);
        return new StorageCleaner(config.kafka(), config.cleanup(), scope, storage, metrics);
    }

    /** The legacy handle closes what it runs beside: the cleaner first, since it still uses the storage client. */
    private static AutoCloseable closingBoth(StorageCleaner cleaner, ObjectStorage storage) {
        return () -> {
            try {
                cleaner.close();
            } finally {
                storage.close();
            }
        };
    }
}
