package io.dataproxy.signer.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.client.UrlClient;
import io.dataproxy.ops.ScrapedMetrics;
import io.dataproxy.ops.testing.BuildOutput;
import io.dataproxy.ops.testing.Dockerfiles;
import io.dataproxy.ops.testing.JlinkRuntime;
import io.dataproxy.testkit.ServiceProcess;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The image's runtime, short of Docker: a jlink runtime from {@code src/main/jlink/modules} (the list the
 * Dockerfile uses), the worker started on it as its own process with the image's logback.xml, against the
 * test broker and S3 server. It must become ready, sign a request, serve its metrics, pass the image's
 * HEALTHCHECK command, and stop cleanly on SIGTERM.
 */
@Tag("jlink")
@EnabledIf("io.dataproxy.ops.testing.JlinkRuntime#available")
@ExtendWith(DataproxyInfraExtension.class)
class JlinkRuntimeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Infra infra;

    JlinkRuntimeTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void theWorkerRunsOnTheImagesModules() throws Exception {
        BuildOutput build = BuildOutput.of(getClass());
        Path java = JlinkRuntime.build(Path.of("src/main/jlink/modules"), build.dir().resolve("jlink-runtime"));
        Path logback = Files.writeString(build.dir().resolve("image-logback.xml"),
                Dockerfiles.copied(Path.of("Dockerfile"), "/app/logback.xml"));

        String requests = infra.uniqueName("url-requests");
        String replies = infra.uniqueName("url-replies");
        String bucket = infra.uniqueName("bucket");
        infra.createTopics(1, requests, replies, requests + "-dlt");
        infra.s3().createBucket(bucket);
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers(),
                "KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString(),
                "SIGNER_REQUEST_TOPIC", requests,
                "SIGNER_REPLY_TOPIC", replies,
                "SIGNER_GROUP_ID", infra.uniqueName("signer"),
                "STORAGE_TYPE", "s3",
                "STORAGE_CONTAINER", bucket,
                "STORAGE_CONNECTION_ENDPOINT", infra.s3Endpoint().toString(),
                "STORAGE_CONNECTION_ACCESS_KEY", infra.s3AccessKey(),
                "STORAGE_CONNECTION_SECRET_KEY", infra.s3SecretKey()));
        env.put("STORAGE_CONNECTION_REGION", infra.s3Region());
        env.put("SIGNER_SHUTDOWN_TIMEOUT", "10s");

        try (ServiceProcess worker = ServiceProcess.start(java,
                List.of("-XX:+ExitOnOutOfMemoryError", "-Dlogback.configurationFile=" + logback),
                build.runtimeClasspath(), SignerWorkerMain.class.getName(), env, build.dir().resolve("jlink-signer.log"))) {
            worker.awaitReady(TIMEOUT);

            // Kafka, Avro, the AWS SDK (HEAD for a deterministic key) and SigV4 all work on these modules
            try (UrlClient client = new UrlClient(infra.kafkaClientProps(), requests, replies)) {
                UploadLocation location = client.createUploadLocation(CreateUploadLocation.newBuilder()
                        .setProject("p").setDomain("d").setFilenameRoot("root").setFilename("f.txt").setContentLength(1L).build(),
                        TIMEOUT).join();
                assertThat(location.getNativeUrl()).isEqualTo("s3://" + bucket + "/uploads/p/d/root/f.txt");
            }

            ScrapedMetrics metrics = ScrapedMetrics.parse(worker.get("/metrics").body());
            assertThat(metrics.count("dataproxy_signer_requests_total", Map.of("kind", "upload", "outcome", "ok"))).isEqualTo(1.0);
            assertThat(metrics.has("jvm_memory_used_bytes")).as("java.management").isTrue();
            assertThat(metrics.has("process_cpu_usage")).as("jdk.management").isTrue();
            assertThat(metrics.samples()).anyMatch(s -> s.name().startsWith("kafka_consumer_"));

            assertThat(runHealthcheck(worker.healthPort())).as("the image's HEALTHCHECK passes").isZero();

            int exit = worker.terminate(Duration.ofSeconds(40));
            assertThat(exit).as("the JVM's status after SIGTERM and its shutdown hooks:\n" + worker.log()).isEqualTo(143);
            assertThat(worker.log()).contains("signer worker stopped").doesNotContain("fatal error");
            assertThat(runHealthcheck(worker.healthPort())).as("the HEALTHCHECK fails once nothing answers").isNotZero();
        }
    }

    /** The Dockerfile's HEALTHCHECK command, run here with the port the worker listens on. */
    static int runHealthcheck(int port) throws Exception {
        ProcessBuilder check = new ProcessBuilder(Dockerfiles.healthcheck(Path.of("Dockerfile"))).redirectErrorStream(true);
        check.environment().put("HEALTH_PORT", String.valueOf(port));
        Process process = check.start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
