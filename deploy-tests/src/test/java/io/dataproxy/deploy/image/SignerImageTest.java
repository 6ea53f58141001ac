package io.dataproxy.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.client.UrlClient;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The signer worker's image, built here, run as production runs it, against a real broker, registry and S3 server. */
@Tag("images")
@ExtendWith(DataproxyInfraExtension.class)
class SignerImageTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final Infra infra;

    SignerImageTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void holdsOnlyTheSignersRuntime() {
        String image = Images.build("signer-worker");
        List<String> libraries = Images.libraries(image);
        assertThat(libraries).anyMatch(jar -> jar.startsWith("s3-")).anyMatch(jar -> jar.startsWith("kafka-clients-"));
        assertThat(libraries).as("STORAGE_BACKENDS=all: the Azure and GCS backends with their SDKs")
                .anyMatch(jar -> jar.startsWith("dataproxy-storage-azure-")).anyMatch(jar -> jar.startsWith("azure-storage-blob-"))
                .anyMatch(jar -> jar.startsWith("dataproxy-storage-gcs-")).anyMatch(jar -> jar.startsWith("google-cloud-storage-"));
        assertThat(libraries).as("no Kafka Streams, RocksDB, or HTTP clients the worker does not use")
                .noneMatch(jar -> jar.startsWith("kafka-streams") || jar.startsWith("rocksdbjni")
                        || jar.startsWith("netty-") || jar.startsWith("apache5-client") || jar.startsWith("httpclient5"));
        ImageReport.size("signer-worker", image);
    }

    @Test
    void answersARealRequestReadOnlyAsNonRootAndStopsOnSigterm() throws Exception {
        String image = Images.build("signer-worker");
        String requests = infra.uniqueName("url-requests");
        String replies = infra.uniqueName("url-replies");
        String bucket = infra.uniqueName("bucket");
        infra.createTopics(3, requests, replies, requests + "-dlt");
        infra.s3().createBucket(bucket);
        Map<String, String> env = Map.ofEntries(
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers()),
                Map.entry("KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString()),
                Map.entry("SIGNER_REQUEST_TOPIC", requests),
                Map.entry("SIGNER_REPLY_TOPIC", replies),
                Map.entry("SIGNER_GROUP_ID", infra.uniqueName("signer")),
                Map.entry("SIGNER_SHUTDOWN_TIMEOUT", "5s"),
                Map.entry("STORAGE_TYPE", "s3"),
                Map.entry("STORAGE_CONTAINER", bucket),
                Map.entry("STORAGE_CONNECTION_ENDPOINT", infra.s3Endpoint().toString()),
                Map.entry("STORAGE_CONNECTION_ACCESS_KEY", infra.s3AccessKey()),
                Map.entry("STORAGE_CONNECTION_SECRET_KEY", infra.s3SecretKey()),
                Map.entry("STORAGE_CONNECTION_REGION", infra.s3Region()));
        // /tmp for the native libraries snappy and zstd unpack when a record is compressed: it must allow exec
        try (Container signer = new Container(image, env, List.of("/tmp:rw,exec,size=64m"), List.of());
             UrlClient client = new UrlClient(infra.kafkaClientProps(), requests, replies)) {
            signer.awaitReady(Duration.ofMinutes(2));

            byte[] body = "from the image test".getBytes(StandardCharsets.UTF_8);
            UploadLocation location = client.createUploadLocation(CreateUploadLocation.newBuilder()
                    .setProject("p").setDomain("d").setFilename("image.txt")
                    .setContentMd5(ByteBuffer.wrap(MessageDigest.getInstance("MD5").digest(body)))
                    .setContentLength((long) body.length).build(), TIMEOUT).get();
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(location.getSignedUrl()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
            location.getHeaders().forEach((name, value) -> {
                if (!name.equalsIgnoreCase("Content-Length")) {
                    put.header(name, value);
                }
            });
            HttpResponse<String> uploaded = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(put.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
            assertThat(infra.s3().read(bucket, location.getNativeUrl().substring(("s3://" + bucket + "/").length())))
                    .isEqualTo(body);

            Container.Stopped stopped = signer.terminate(Duration.ofSeconds(20));
            assertThat(stopped.exitCode()).as("the JVM's status for SIGTERM, as the README documents").isEqualTo(143);
            assertThat(stopped.took()).isLessThan(Duration.ofSeconds(20));
            assertThat(signer.logs()).contains("signer worker stopped").doesNotContain(infra.s3SecretKey());
        }
    }
}
