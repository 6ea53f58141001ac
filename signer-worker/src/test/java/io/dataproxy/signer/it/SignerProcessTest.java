package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.ops.testing.BuildOutput;
import io.dataproxy.ops.testing.Dockerfiles;
import io.dataproxy.testkit.ServiceProcess;
import io.dataproxy.signer.SignerProcess;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker and the clean-up are peers: when either stops on its own the process is not ready any more, it stops the
 * other, and {@code main} exits with 1, so an orchestrator restarts it. Either is made to stop the only way a record
 * can stop it: its dead-letter topic cannot exist (a 249-character topic's {@code -dlt} is over Kafka's limit), so
 * writing a dead letter fails for a reason no record can fix.
 */
@ExtendWith(DataproxyInfraExtension.class)
class SignerProcessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Infra infra;

    SignerProcessTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void aCleanerThatStopsMakesTheProcessNotReadyAndOver() throws Exception {
        Map<String, String> env = env();
        String events = longTopicName("events");
        env.put("CLEANUP_EVENTS_TOPIC", events);
        env.put("HEALTH_PORT", "0");
        try (SignerWorkerMain.Served served = SignerWorkerMain.serve(SignerConfig.load(null, env), Clock.systemUTC())) {
            SignerProcess process = served.process();
            String readyz = "http://localhost:" + served.endpoint().orElseThrow().port() + "/readyz";
            await().atMost(TIMEOUT).until(() -> get(readyz).statusCode() == 200);

            sendGarbage(events);

            process.stopped().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(process.failure()).as("the cleaner's failure").isNotNull().hasMessageContaining("dead letter");
            assertThat(process.cleaner().orElseThrow().failure()).isSameAs(process.failure());
            assertThat(process.isReady()).isFalse();
            HttpResponse<String> answer = get(readyz);
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("stopped after a fatal error");
        }
    }

    @Test
    void aWorkerThatStopsMakesTheProcessOverToo() throws Exception {
        Map<String, String> env = env();
        String requests = longTopicName("requests");
        env.put("SIGNER_REQUEST_TOPIC", requests);
        try (SignerProcess process = SignerWorkerMain.run(SignerConfig.load(null, env), Clock.systemUTC())) {
            await().atMost(TIMEOUT).until(process::isReady);

            sendGarbage(requests);

            process.stopped().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(process.worker().failure()).isNotNull();
            assertThat(process.failure()).isSameAs(process.worker().failure());
            assertThat(process.readiness().reason()).contains("stopped after a fatal error");
            assertThat(process.cleaner().orElseThrow().isReady()).as("still running until the process closes it").isTrue();
        }
    }

    /**
     * As its own process: the clean-up stops for good when its dead-letter topic refuses every dead letter (here one
     * whose max.message.bytes an operator set below the smallest dead letter, after the start-up check passed), and
     * main ends the process with 1.
     */
    @Test
    void mainExitsWith1WhenTheCleanerStops() throws Exception {
        Map<String, String> env = env();
        String events = env.get("CLEANUP_EVENTS_TOPIC");
        BuildOutput build = BuildOutput.of(getClass());
        Path logback = Files.writeString(build.dir().resolve("process-test-logback.xml"),
                Dockerfiles.copied(Path.of("Dockerfile"), "/app/logback.xml"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try (ServiceProcess signer = ServiceProcess.start(java, List.of("-Dlogback.configurationFile=" + logback),
                build.runtimeClasspath(), SignerWorkerMain.class.getName(), env, build.dir().resolve("signer-exit.log"))) {
            signer.awaitReady(TIMEOUT);
            ConfigResource dlt = new ConfigResource(ConfigResource.Type.TOPIC, events + "-dlt");
            infra.admin().incrementalAlterConfigs(Map.of(dlt, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "200"), AlterConfigOp.OpType.SET)))).all().get();

            sendGarbage(events);

            await().atMost(TIMEOUT).until(() -> !signer.isAlive());
            assertThat(signer.terminate(Duration.ofSeconds(1))).as(signer.log()).isEqualTo(1);
            assertThat(signer.log()).contains("storage clean-up stopped").contains("signer worker stopped");
        }
    }

    /** As its own process, the signer checks its topics before it starts: a missing one is exit 2, naming it. */
    @Test
    void mainRefusesToStartWithoutItsTopicsAndCreatesThemWhenAskedTo() throws Exception {
        Map<String, String> env = env();
        String requests = infra.uniqueName("url-requests-missing");
        env.put("SIGNER_REQUEST_TOPIC", requests);
        BuildOutput build = BuildOutput.of(getClass());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try (ServiceProcess signer = ServiceProcess.start(java, List.of(), build.runtimeClasspath(),
                SignerWorkerMain.class.getName(), env, build.dir().resolve("signer-topics.log"))) {
            await().atMost(TIMEOUT).until(() -> !signer.isAlive());
            assertThat(signer.terminate(Duration.ofSeconds(1))).as(signer.log()).isEqualTo(2);
            assertThat(signer.log()).contains("topic " + requests + " does not exist").contains(requests + "-dlt");
        }
        assertThat(infra.admin().listTopics().names().get()).as("nothing created without the opt-in").doesNotContain(requests);

        env.put("TOPICS_CREATE", "true");
        env.put("TOPICS_PARTITIONS", "2");
        try (ServiceProcess signer = ServiceProcess.start(java, List.of(), build.runtimeClasspath(),
                SignerWorkerMain.class.getName(), env, build.dir().resolve("signer-topics-created.log"))) {
            signer.awaitReady(TIMEOUT);
        }
        assertThat(infra.admin().describeTopics(List.of(requests, requests + "-dlt")).allTopicNames().get().values())
                .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(2));
    }

    /** A signer with its own topics, bucket and groups, and the clean-up enabled. */
    private Map<String, String> env() {
        String requests = infra.uniqueName("url-requests");
        String replies = infra.uniqueName("url-replies");
        String events = infra.uniqueName("catalog-events");
        String bucket = infra.uniqueName("bucket");
        infra.createTopics(1, requests, replies, requests + "-dlt", events, events + "-dlt");
        infra.s3().createBucket(bucket);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString());
        env.put("KAFKA_AUTO_OFFSET_RESET", "earliest");
        env.put("SIGNER_REQUEST_TOPIC", requests);
        env.put("SIGNER_REPLY_TOPIC", replies);
        env.put("SIGNER_GROUP_ID", infra.uniqueName("signer"));
        env.put("SIGNER_SHUTDOWN_TIMEOUT", "2s");
        env.put("STORAGE_TYPE", "s3");
        env.put("STORAGE_CONTAINER", bucket);
        env.put("STORAGE_CONNECTION_ENDPOINT", infra.s3Endpoint().toString());
        env.put("STORAGE_CONNECTION_ACCESS_KEY", infra.s3AccessKey());
        env.put("STORAGE_CONNECTION_SECRET_KEY", infra.s3SecretKey());
        env.put("STORAGE_CONNECTION_REGION", infra.s3Region());
        env.put("CLEANUP_ENABLED", "true");
        env.put("CLEANUP_EVENTS_TOPIC", events);
        env.put("CLEANUP_GROUP_ID", infra.uniqueName("cleanup"));
        env.put("CLEANUP_ALLOWED_PREFIXES", "uploads/");
        return env;
    }

    /** A topic of 249 characters, Kafka's longest, created: its dead-letter topic's name is too long to exist. */
    private String longTopicName(String prefix) {
        String unique = infra.uniqueName(prefix);
        String name = unique + "-" + "x".repeat(249 - unique.length() - 1);
        infra.createTopics(1, name);
        return name;
    }

    private void sendGarbage(String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            producer.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8),
                    "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
