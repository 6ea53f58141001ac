package io.dataproxy.signer;

import io.dataproxy.cleanup.DeletionScope;
import io.dataproxy.cleanup.StorageCleaner;
import io.dataproxy.config.ConfigException;
import io.dataproxy.config.ConfigFileOption;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectStorage;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar dataproxy-signer-worker.jar [--config signer.yaml]}: loads and validates the
 * configuration, wires the worker (and the storage clean-up when {@code cleanup.enabled}), and stops it
 * gracefully on SIGTERM. Exit codes: 0 stopped, 1 failed,
 * 2 bad configuration.
 */
public final class SignerWorkerMain {

    private static final Logger log = LoggerFactory.getLogger(SignerWorkerMain.class);

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
        SignerWorker worker = start(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "signer-shutdown"));
        worker.awaitStopped();
        System.exit(worker.failure() == null ? 0 : 1);
    }

    /** Everything {@code main} does but the process: used by tests that start and stop workers. */
    public static SignerWorker start(SignerConfig config, Clock clock) {
        ObjectStorage storage = ObjectStorage.open(config.storage());
        UrlRequestHandler handler = new UrlRequestHandler(
                new UploadLocationSigner(config.upload(), storage, config.storage().container()),
                new DownloadLinkSigner(config.download(), storage, config.storage().allowedContainers(), clock),
                clock);
        log.info("signer worker: requests from {} (group {}), replies to {} unless a request names another; storage {}, bucket {}",
                config.worker().requestTopic(), config.worker().groupId(), config.worker().replyTopic(),
                storage.describe(), config.storage().container());
        StorageCleaner cleaner = config.cleanup().enabled() ? cleaner(config, storage) : null;
        SignerWorker worker = new SignerWorker(config, handler, cleaner == null ? storage : closingBoth(cleaner, storage));
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
