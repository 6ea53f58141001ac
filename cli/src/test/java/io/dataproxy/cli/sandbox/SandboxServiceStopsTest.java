package io.dataproxy.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.signer.SignerProcess;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox notices a service that stopped by itself, so it stops the rest and exits non-zero instead of staying
 * "ready" with a dead service: the sandbox's own plumbing (a real sandbox, one service made to stop), and the signer's
 * report of a real fatal stop.
 */
@ExtendWith(DataproxyInfraExtension.class)
class SandboxServiceStopsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Infra infra;

    SandboxServiceStopsTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void aServiceThatStopsByItselfEndsTheSandboxsWaitWithTheReason(@TempDir Path dir) throws Exception {
        CompletableFuture<String> dies = new CompletableFuture<>();
        SandboxService fake = new SandboxService() {
            @Override
            public String name() {
                return "fake service";
            }

            @Override
            public AutoCloseable start(SandboxEndpoints endpoints) {
                return () -> { };
            }

            @Override
            public CompletableFuture<String> stoppedByItself(AutoCloseable handle) {
                return dies;
            }
        };
        try (Sandbox sandbox = Sandbox.start(new SandboxSettings(dir, 0, 0, 0, 0, false), List.of(fake), log -> { })) {
            CountDownLatch noSignal = new CountDownLatch(1);
            CompletableFuture<Optional<String>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return SandboxCommand.awaitStopOrFailure(noSignal::await, sandbox.serviceStopped());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(waiting).as("running while every service runs").isNotDone();

            dies.complete("java.lang.IllegalStateException: boom");
            assertThat(waiting.get(10, TimeUnit.SECONDS)).contains("the fake service stopped: java.lang.IllegalStateException: boom");
        }
    }

    @Test
    void aStopSignalEndsTheWaitWithoutAFailure() throws Exception {
        assertThat(SandboxCommand.awaitStopOrFailure(() -> { }, new CompletableFuture<>())).isEmpty();
    }

    @Test
    void theSignerReportsAFatalStopOfItsWorkerOrItsCleanUpButNotAClose() throws Exception {
        SignerService service = new SignerService();
        Map<String, String> env = signerEnv();
        String requests = longTopicName();
        env.put("SIGNER_REQUEST_TOPIC", requests);
        try (SignerProcess failing = SignerWorkerMain.run(SignerConfig.load(null, env), Clock.systemUTC())) {
            CompletableFuture<String> stopped = service.stoppedByItself(failing);
            await().atMost(TIMEOUT).until(failing::isReady);
            try (KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
                // its dead-letter topic's name is over Kafka's limit: a dead letter cannot be written, which is fatal
                producer.send(new ProducerRecord<>(requests, "k".getBytes(StandardCharsets.UTF_8),
                        "not avro".getBytes(StandardCharsets.UTF_8))).get();
            }
            assertThat(stopped.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).contains("dead letter");
        }

        SignerProcess closed = SignerWorkerMain.run(SignerConfig.load(null, signerEnv()), Clock.systemUTC());
        CompletableFuture<String> stopped = service.stoppedByItself(closed);
        closed.close();
        closed.stopped().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(stopped).as("a close is not a failure").isNotDone();
    }

    private Map<String, String> signerEnv() {
        String requests = infra.uniqueName("url-requests");
        String replies = infra.uniqueName("url-replies");
        String events = infra.uniqueName("catalog-events");
        infra.createTopics(1, requests, replies, requests + "-dlt", events, events + "-dlt");
        infra.s3().createBucket("dataproxy");
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString());
        env.put("KAFKA_AUTO_OFFSET_RESET", "earliest");
        env.put("SIGNER_REQUEST_TOPIC", requests);
        env.put("SIGNER_REPLY_TOPIC", replies);
        env.put("SIGNER_GROUP_ID", infra.uniqueName("signer"));
        env.put("SIGNER_SHUTDOWN_TIMEOUT", "2s");
        env.put("STORAGE_TYPE", "s3");
        env.put("STORAGE_CONTAINER", "dataproxy");
        env.put("STORAGE_CONNECTION_ENDPOINT", infra.s3Endpoint().toString());
        env.put("STORAGE_CONNECTION_ACCESS_KEY", infra.s3AccessKey());
        env.put("STORAGE_CONNECTION_SECRET_KEY", infra.s3SecretKey());
        env.put("STORAGE_CONNECTION_REGION", infra.s3Region());
        env.put("CLEANUP_ENABLED", "true");
        env.put("CLEANUP_EVENTS_TOPIC", events);
        env.put("CLEANUP_GROUP_ID", infra.uniqueName("cleanup"));
        env.put("CLEANUP_ALLOWED_PREFIXES", SignerService.UPLOAD_PREFIX);
        return env;
    }

    /** Kafka's longest topic name: its dead-letter topic cannot exist. */
    private String longTopicName() {
        String unique = infra.uniqueName("requests");
        String name = unique + "-" + "x".repeat(249 - unique.length() - 1);
        infra.createTopics(1, name);
        return name;
    }
}
