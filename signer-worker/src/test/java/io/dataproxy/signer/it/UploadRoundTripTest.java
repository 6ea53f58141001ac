package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.DownloadLinks;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request over Kafka → signed PUT to a real S3 server → the bytes are there → signed GET returns them. */
@ExtendWith(DataproxyInfraExtension.class)
class UploadRoundTripTest {

    private final Infra infra;

    UploadRoundTripTest(Infra infra) {
        this.infra = infra;
    }

    static byte[] md5(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD5").digest(data);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "minio"})
    void uploadThenDownload(String backend) throws Exception {
        byte[] body = ("hello from " + backend).getBytes(StandardCharsets.UTF_8);
        try (SignerHarness signer = SignerHarness.start(infra, backend)) {
            Instant before = Instant.now();
            UploadLocation location = signer.client().createUploadLocation(CreateUploadLocation.newBuilder()
                    .setProject("flytesnacks").setDomain("development").setFilename("greeting.txt")
                    .setContentMd5(ByteBuffer.wrap(md5(body))).setContentLength((long) body.length)
                    .setAddContentMd5Metadata(true).setExpiresIn(300_000L).build(), SignerHarness.TIMEOUT).join();

            assertThat(location.getExpiresAt()).isBetween(before.plusSeconds(299), Instant.now().plusSeconds(301));
            assertThat(location.getHeaders()).containsKeys("Content-MD5", "Content-Length", "x-amz-meta-flytecontentmd5");
            if (backend.equals("s3")) {
                assertThat(location.getSignedHeaders()).contains("content-md5", "content-length", "x-amz-meta-flytecontentmd5");
            } else {
                assertThat(location.getSignedHeaders()).as("the MinIO SDK signs only host").containsExactly("host");
            }

            HttpResponse<String> put = SignerHarness.put(location.getSignedUrl(), location.getHeaders(), body);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            ObjectLocation stored = ObjectLocation.parse(location.getNativeUrl());
            assertThat(stored.bucket()).isEqualTo(signer.bucket);
            assertThat(infra.s3().read(stored.bucket(), stored.key())).isEqualTo(body);

            DownloadLinks links = signer.client().createDownloadLink(CreateDownloadLink.newBuilder()
                    .setNativeUrls(List.of(location.getNativeUrl())).build(), SignerHarness.TIMEOUT).join();
            assertThat(links.getSignedUrls()).hasSize(1);
            HttpResponse<byte[]> get = SignerHarness.get(links.getSignedUrls().get(0));
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo(body);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "minio"})
    void storageRefusesTamperedExpiredAndMismatchedUploads(String backend) throws Exception {
        byte[] body = "exactly these bytes".getBytes(StandardCharsets.UTF_8);
        try (SignerHarness signer = SignerHarness.start(infra, backend)) {
            UploadLocation location = signer.client().createUploadLocation(CreateUploadLocation.newBuilder()
                    .setProject("p").setDomain("d").setContentMd5(ByteBuffer.wrap(md5(body)))
                    .setContentLength((long) body.length).build(), SignerHarness.TIMEOUT).join();
            String url = location.getSignedUrl();

            String tampered = url.substring(0, url.length() - 1) + (url.endsWith("0") ? "1" : "0");
            assertThat(SignerHarness.put(tampered, location.getHeaders(), body).statusCode()).isEqualTo(403);

            byte[] sameLengthOtherBytes = "EXACTLY these bytes".getBytes(StandardCharsets.UTF_8);
            assertThat(SignerHarness.put(url, location.getHeaders(), sameLengthOtherBytes).statusCode())
                    .as("body does not match Content-MD5").isEqualTo(400);

            if (backend.equals("s3")) {
                byte[] longer = "exactly these bytes!".getBytes(StandardCharsets.UTF_8);
                assertThat(SignerHarness.put(url, location.getHeaders(), longer).statusCode())
                        .as("body longer than the signed Content-Length").isEqualTo(403);
                Map<String, String> withoutMd5 = new HashMap<>(location.getHeaders());
                withoutMd5.remove("Content-MD5");
                assertThat(SignerHarness.put(url, withoutMd5, body).statusCode())
                        .as("a signed header left out").isEqualTo(403);
            }

            assertThat(SignerHarness.put(url, location.getHeaders(), body).statusCode()).isEqualTo(200);
            assertThat(infra.s3().read(signer.bucket, ObjectLocation.parse(location.getNativeUrl()).key())).isEqualTo(body);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "minio"})
    void anExpiredUrlIsRefused(String backend) throws Exception {
        byte[] body = "late".getBytes(StandardCharsets.UTF_8);
        try (SignerHarness signer = SignerHarness.start(infra, backend)) {
            UploadLocation location = signer.client().createUploadLocation(CreateUploadLocation.newBuilder()
                    .setProject("p").setDomain("d").setFilenameRoot("r").setExpiresIn(1_000L).setContentLength((long) body.length)
                    .build(),
                    SignerHarness.TIMEOUT).join();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Instant.now().isAfter(location.getExpiresAt().plusSeconds(1)));
            assertThat(SignerHarness.put(location.getSignedUrl(), location.getHeaders(), body).statusCode()).isEqualTo(403);
            assertThat(infra.s3().exists(signer.bucket, ObjectLocation.parse(location.getNativeUrl()).key())).isFalse();
        }
    }
}
