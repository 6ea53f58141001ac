package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every rule of docs/signer.md answered over Kafka with its code, and nothing signed. */
@ExtendWith(DataproxyInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationOverKafkaTest {

    private static final byte[] MD5 = new byte[16];

    private SignerHarness signer;

    @BeforeAll
    void start(Infra infra) {
        signer = SignerHarness.start(infra, "s3", Map.of(
                "STORAGE_ENABLE_MULTICONTAINER", "true", "STORAGE_ALLOWED_CONTAINERS", "other-bucket",
                "DATAPROXY_DOWNLOAD_MAX_LINKS", "3"));
    }

    @AfterAll
    void stop() {
        signer.close();
    }

    private static CreateUploadLocation.Builder upload() {
        return CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setContentMd5(ByteBuffer.wrap(MD5))
                .setContentLength(5L);
    }

    private Error error(Object body) {
        UrlReply reply = signer.call(body);
        assertThat(reply.getBody()).as("reply to %s", body).isInstanceOf(Error.class);
        Error error = (Error) reply.getBody();
        assertThat(error.getMessage()).doesNotContain("X-Amz-Signature").doesNotContain(signer.infra.s3SecretKey());
        return error;
    }

    private void assertError(Object body, ErrorCode code, String message) {
        Error error = error(body);
        assertThat(error.getCode()).isEqualTo(code);
        assertThat(error.getMessage()).contains(message);
    }

    @Test
    void uploadRules() {
        assertError(upload().setProject("").build(), ErrorCode.INVALID_ARGUMENT, "project and domain are required");
        assertError(upload().setDomain("").build(), ErrorCode.INVALID_ARGUMENT, "project and domain are required");
        assertError(upload().setContentMd5(null).build(), ErrorCode.INVALID_ARGUMENT, "filename_root or content_md5");
        assertError(upload().setContentMd5(ByteBuffer.wrap(new byte[15])).build(), ErrorCode.INVALID_ARGUMENT, "16-byte");
        assertError(upload().setExpiresIn(-1000L).build(), ErrorCode.INVALID_ARGUMENT, "expires_in");
        assertError(upload().setExpiresIn(0L).build(), ErrorCode.INVALID_ARGUMENT, "expires_in");
        assertError(upload().setExpiresIn(3_600_001L).build(), ErrorCode.INVALID_ARGUMENT, "expires_in");
        assertError(upload().setContentLength((1L << 20) + 1).build(), ErrorCode.INVALID_ARGUMENT, "dataproxy.upload.maxSize");
        assertError(upload().setFilename("../../etc/passwd").build(), ErrorCode.INVALID_ARGUMENT, "'.' or '..'");
        assertError(upload().setFilename("a//b").build(), ErrorCode.INVALID_ARGUMENT, "empty path segment");
        assertError(upload().setFilename("bell\u0007").build(), ErrorCode.INVALID_ARGUMENT, "control characters");
        assertError(upload().setFilename("a\\b").build(), ErrorCode.INVALID_ARGUMENT, "backslash");
        assertError(upload().setFilename("x".repeat(1100)).build(), ErrorCode.INVALID_ARGUMENT, "1024");
        assertError(upload().setOrg("a/b").build(), ErrorCode.INVALID_ARGUMENT, "org must be a single path segment");
    }

    @Test
    void downloadRules() {
        String existing = "s3://" + signer.bucket + "/present.txt";
        signer.infra.s3().put(signer.bucket, "present.txt", new byte[] {1}, Map.of());
        assertError(link(), ErrorCode.INVALID_ARGUMENT, "at least one");
        assertError(link(existing, existing, existing, existing), ErrorCode.INVALID_ARGUMENT, "dataproxy.download.maxLinks");
        assertError(link("https://example.com/x"), ErrorCode.INVALID_ARGUMENT, "s3://bucket/key");
        assertError(link("s3://" + signer.bucket), ErrorCode.INVALID_ARGUMENT, "bucket and a key");
        assertError(link(existing, "s3://someone-elses/secret"), ErrorCode.PERMISSION_DENIED, "native_urls[1]");
        assertError(link(existing, "s3://" + signer.bucket + "/absent.txt"), ErrorCode.NOT_FOUND, "absent.txt does not exist");
        assertError(CreateDownloadLink.newBuilder().setNativeUrls(List.of(existing)).setExpiresIn(-5L).build(),
                ErrorCode.INVALID_ARGUMENT, "expires_in");
    }

    @Test
    void downloadUrisThatCouldClimbOutOfTheirKeyAreInvalidNotSignedNorInternal() {
        signer.infra.s3().put(signer.bucket, "private/secret.txt", new byte[] {1}, Map.of());
        signer.infra.s3().put(signer.bucket, "present.txt", new byte[] {1}, Map.of());
        String bucket = "s3://" + signer.bucket + "/";
        assertError(link(bucket + "uploads/x/../../private/secret.txt"), ErrorCode.INVALID_ARGUMENT, "native_urls[0] must not contain '.' or '..'");
        assertError(link(bucket + "present.txt", bucket + "./private/secret.txt"), ErrorCode.INVALID_ARGUMENT, "native_urls[1]");
        assertError(link(bucket + "uploads//secret.txt"), ErrorCode.INVALID_ARGUMENT, "native_urls[0] has an empty path segment");
        assertError(link(bucket + "a\u0000b"), ErrorCode.INVALID_ARGUMENT, "native_urls[0] must not contain control characters");
        assertError(link(bucket + "../private/secret.txt"), ErrorCode.INVALID_ARGUMENT, "'.' or '..'");
        assertError(link(bucket + "report\u202Efdp.exe"), ErrorCode.INVALID_ARGUMENT, "bidirectional");
        // (a lone surrogate cannot travel: Avro writes it to UTF-8 as '?'; the unit and property tests cover it)
        assertError(link(bucket + "k".repeat(1025)), ErrorCode.INVALID_ARGUMENT, "1025 bytes");
    }

    @Test
    void allowedExtraBucketIsSignedWhenMulticontainerIsOn() {
        signer.infra.s3().createBucket("other-bucket");
        signer.infra.s3().put("other-bucket", "k", new byte[] {1}, Map.of());
        UrlReply reply = signer.call(link("s3://other-bucket/k"));
        assertThat(reply.getBody()).isNotInstanceOf(Error.class);
    }

    @Test
    void pastDeadlineIsDeadlineExceeded() {
        UrlReply reply = signer.client().request(UrlRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setDeadline(Instant.now().minusSeconds(5)).setBody(upload().build()).build(), SignerHarness.TIMEOUT).join();
        assertThat(reply.getBody()).isInstanceOfSatisfying(Error.class,
                e -> assertThat(e.getCode()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
    }

    private static CreateDownloadLink link(String... urls) {
        return CreateDownloadLink.newBuilder().setNativeUrls(List.of(urls)).build();
    }
}
