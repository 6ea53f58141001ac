package io.dataproxy.signer;

import io.dataproxy.config.ConfigException;
import io.dataproxy.config.ConfigFileOption;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectStorage;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar dataproxy-signer-worker.jar [--config signer.yaml]}: loads and validates the
 * configuration, wires the worker, and stops it gracefully on SIGTERM. Exit codes: 0 stopped, 1 failed,
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
        SignerWorker worker = new SignerWorker(config, handler, storage);
        return worker.start();
    }
}
