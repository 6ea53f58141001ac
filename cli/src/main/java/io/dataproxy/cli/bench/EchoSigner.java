package io.dataproxy.cli.bench;

import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.signer.config.SignerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The URL bench's baseline: a real {@link SignerWorker} (its consumer, producer, worker pool, offset tracking and
 * commits, its serde) with the signer's default worker settings, on the bench's own topics and group, answering with
 * an {@link EchoReplier} instead of validating and signing. What it sustains is the ceiling of any request/reply
 * service on this transport.
 */
final class EchoSigner implements AutoCloseable {

    static final String REQUEST_TOPIC = "dataproxy.bench.echo.requests";
    static final String REPLY_TOPIC = "dataproxy.bench.echo.replies";
    static final String GROUP_ID = "dataproxy-bench-echo";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final SignerWorker worker;

    private EchoSigner(SignerWorker worker) {
        this.worker = worker;
    }

    /** Starts the worker and waits until it has its partitions. */
    static EchoSigner start(ConnectionSettings settings) throws InterruptedException {
        SignerWorker worker = new SignerWorker(config(settings), new EchoReplier(), () -> { });
        worker.start();
        try {
            ReadinessWait.await("the echo replier", () -> worker.isReady() || worker.failure() != null, READY_TIMEOUT);
            if (worker.failure() != null) {
                throw CliFailure.failed("the echo replier stopped: " + worker.failure().getMessage(),
                        "--verbose shows the stack", worker.failure());
            }
        } catch (InterruptedException | RuntimeException e) {
            worker.close();
            throw e;
        }
        return new EchoSigner(worker);
    }

    /**
     * The signer's own defaults (signer-defaults.yaml, loaded as SignerWorkerMain loads them), with the bench's
     * connection and topics. The storage settings are placeholders the config requires: the echo never calls storage.
     */
    static SignerConfig config(ConnectionSettings settings) {
        Map<String, String> env = new HashMap<>();
        env.put("STORAGE_TYPE", "s3");
        env.put("STORAGE_CONTAINER", "dataproxy-bench-echo-unused");
        env.put("STORAGE_CONNECTION_ENDPOINT", "http://127.0.0.1:1");
        env.put("STORAGE_CONNECTION_ACCESS_KEY", "unused");
        env.put("STORAGE_CONNECTION_SECRET_KEY", "unused-secret");
        SignerConfig defaults = SignerConfig.load(null, env);
        SignerConfig.Worker worker = defaults.worker();
        Map<String, String> kafka = new HashMap<>(defaults.kafka());
        kafka.putAll(settings.kafkaExtras()); // security settings of the user's cluster, as the CLI's clients get them
        kafka.put("bootstrap.servers", settings.bootstrapServers());
        kafka.put("schema.registry.url", settings.schemaRegistryUrl());
        // Only the topics, the group and the shutdown wait differ from the signer's defaults: nothing is in flight
        // when the bench closes it, and 30 s of waiting for nothing would only slow the run.
        SignerConfig.Worker echo = new SignerConfig.Worker(REQUEST_TOPIC, REPLY_TOPIC, GROUP_ID, worker.maxInFlight(),
                worker.workerThreads(), worker.commitInterval(), Duration.ofSeconds(5));
        return new SignerConfig(Map.copyOf(kafka), echo, defaults.upload(), defaults.download(), defaults.storage(),
                defaults.cleanup(), defaults.health(), defaults.topics());
    }

    @Override
    public void close() {
        worker.close();
    }
}
