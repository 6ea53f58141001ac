package io.dataproxy.signer;

import io.dataproxy.cleanup.DeletionScope;
import io.dataproxy.cleanup.StorageCleaner;
import io.dataproxy.config.ConfigException;
import io.dataproxy.config.ConfigFileOption;
import io.dataproxy.ops.OpsEndpoint;
import io.dataproxy.ops.Readiness;
import io.dataproxy.ops.ServiceMetrics;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectStorage;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar dataproxy-signer-worker.jar [--config signer.yaml]}: loads and validates the
 * configuration, wires the worker (and the storage clean-up when {@code cleanup.enabled}), serves
 * {@code /healthz}, {@code /readyz} and {@code /metrics} on {@code health.port}, and stops it
 * gracefully on SIGTERM. Exit codes: 0 stopped, 1 failed, 2 bad configuration.
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
        Served served;
        try {
            served = serve(config, Clock.systemUTC());
        } catch (UncheckedIOException e) {
            System.err.println("dataproxy signer: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(served::close, "signer-shutdown"));
        served.worker().awaitStopped();
        System.exit(served.worker().failure() == null ? 0 : 1);
    }

    /**
     * What {@code main} runs: the worker recording into a Prometheus registry, and the health endpoint
     * when {@code health.enabled}. Closing it stops the worker (answering what is in flight), then the endpoint.
     */
    public record Served(SignerWorker worker, ServiceMetrics metrics, Optional<OpsEndpoint> endpoint) implements AutoCloseable {
        @Override
        public void close() {
            try {
                worker.close();
            } finally {
                endpoint.ifPresent(OpsEndpoint::close);
                metrics.close();
            }
        }
    }

    public static Served serve(SignerConfig config, Clock clock) {
        ServiceMetrics metrics = ServiceMetrics.create(APPLICATION);
        SignerWorker worker = start(config, clock, new SignerMetrics(metrics.registry()));
        if (!config.health().enabled()) {
            return new Served(worker, metrics, Optional.empty());
        }
        try {
            OpsEndpoint endpoint = OpsEndpoint.start(config.health().port(), metrics.registry(), () -> readiness(worker));
            return new Served(worker, metrics, Optional.of(endpoint));
        } catch (RuntimeException e) {
            worker.close();
            metrics.close();
            throw e;
        }
    }

    private static Readiness readiness(SignerWorker worker) {
        if (worker.failure() != null) {
            return Readiness.notReady("stopped after a fatal error: " + worker.failure().getClass().getSimpleName());
        }
        return worker.isReady() ? Readiness.READY : Readiness.notReady("waiting for a partition assignment");
    }

    /** The worker without metrics or health endpoint: used by tests and by the sandbox, which start and stop workers. */
    public static SignerWorker start(SignerConfig config, Clock clock) {
        return start(config, clock, SignerMetrics.none());
    }

    public static SignerWorker start(SignerConfig config, Clock clock, SignerMetrics metrics) {
        ObjectStorage storage = ObjectStorage.open(config.storage());
        UrlRequestHandler handler = new UrlRequestHandler(
                new UploadLocationSigner(config.upload(), storage, config.storage().container()),
                new DownloadLinkSigner(config.download(), storage, config.storage().allowedContainers(), clock),
                clock, metrics);
        log.info("signer worker: requests from {} (group {}), replies to {} unless a request names another; storage {}, bucket {}",
                config.worker().requestTopic(), config.worker().groupId(), config.worker().replyTopic(),
                storage.describe(), config.storage().container());
        StorageCleaner cleaner = config.cleanup().enabled() ? cleaner(config, storage) : null;
        SignerWorker worker = new SignerWorker(config, handler, cleaner == null ? storage : closingBoth(cleaner, storage), metrics);
        if (cleaner != null) {
            cleaner.start();
        }
        return worker.start();
    }

    /** Deletes what the catalog releases, in the buckets download links may name and under {@code cleanup.allowedPrefixes}. */
    private static StorageCleaner cleaner(SignerConfig config, ObjectStorage storage) {
        DeletionScope scope = new DeletionScope(config.storage().allowedContainers(), config.cleanup().allowedPrefixes());
        log.info("storage clean-up: DataReleased events from {} (group {}) delete objects in {}",
                config.cleanup().eventsTopic(), config.cleanup().groupId(), scope);
        return new StorageCleaner(config.kafka(), config.cleanup(), scope, storage);
    }

    /** The worker closes its resources when it stops: the cleaner first, since it still uses the storage client. */
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
