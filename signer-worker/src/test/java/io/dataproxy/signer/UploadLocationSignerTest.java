package io.dataproxy.signer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.SignedUrlExpiry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Validation order and what a signed upload carries. Presigning is offline, so the real AWS SDK
 * backend is used with an endpoint nothing listens on; storage itself is exercised by the
 * integration tests.
 */
class UploadLocationSignerTest {

    static final byte[] MD5 = Base64.getDecoder().decode("XUFAKrxLKna5cZ2REBfFkg=="); // md5("hello")

    private ObjectStorage storage;

    private UrlRequestHandler handler(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of(
                "STORAGE_TYPE", "s3", "STORAGE_CONTAINER", "bucket",
                "STORAGE_CONNECTION_ENDPOINT", "http://127.0.0.1:9",
                "STORAGE_CONNECTION_ACCESS_KEY", "AKIDEXAMPLE", "STORAGE_CONNECTION_SECRET_KEY", "wJalrXUtnFEMI",
                "DATAPROXY_UPLOAD_MAX_SIZE", "1Mi", "DATAPROXY_UPLOAD_MAX_EXPIRES_IN", "1h"));
        all.putAll(env);
        SignerConfig config = SignerConfig.load(null, all);
        storage = ObjectStorage.open(config.storage());
        Clock clock = Clock.systemUTC();
        return new UrlRequestHandler(new UploadLocationSigner(config.upload(), storage, "bucket"),
                new DownloadLinkSigner(config.download(), storage, config.storage().allowedContainers(), clock), clock);
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private static CreateUploadLocation.Builder upload() {
        return CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setContentMd5(ByteBuffer.wrap(MD5))
                .setContentLength(5L);
    }

    private Object reply(CreateUploadLocation body) {
        return reply(body, Map.of());
    }

    private Object reply(CreateUploadLocation body, Map<String, String> env) {
        UrlReply reply = handler(env).handle(UrlRequest.newBuilder().setRequestId("r1").setBody(body).build());
        assertThat(reply.getRequestId()).isEqualTo("r1");
        return reply.getBody();
    }

    private void assertInvalid(CreateUploadLocation body, String message) {
        assertThat(reply(body)).isInstanceOfSatisfying(Error.class, e -> {
            assertThat(e.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void rulesApplyInTheSpecifiedOrder() {
        // each request breaks its rule and every later one; the first rule must win
        CreateUploadLocation.Builder everythingWrong = upload().setProject("").setContentMd5(ByteBuffer.wrap(new byte[3]))
                .setExpiresIn(-1L).setContentLength(10L << 20).setFilename("../x");
        assertInvalid(everythingWrong.build(), "project and domain are required");
        assertInvalid(everythingWrong.setProject("p").setContentMd5(null).build(), "give filename_root or content_md5");
        assertInvalid(everythingWrong.setContentMd5(ByteBuffer.wrap(new byte[3])).build(), "16-byte MD5");
        assertInvalid(everythingWrong.setContentMd5(ByteBuffer.wrap(MD5)).build(), "expires_in must be from 1s to 1h");
        assertInvalid(everythingWrong.setExpiresIn(60_000L).build(), "content_length must be from 0 to 1048576");
        assertInvalid(everythingWrong.setContentLength(5L).build(), "'.' or '..'");
    }

    @Test
    void emptyDomainIsRefused() {
        assertInvalid(upload().setDomain("").build(), "project and domain are required");
    }

    @Test
    void expiryOutOfRangeIsRefused() {
        assertInvalid(upload().setExpiresIn(0L).build(), "expires_in");
        assertInvalid(upload().setExpiresIn(-1_000L).build(), "expires_in");
        assertInvalid(upload().setExpiresIn(999L).build(), "whole seconds");
        assertInvalid(upload().setExpiresIn(Duration.ofHours(1).plusMillis(1).toMillis()).build(), "expires_in");
    }

    @Test
    void aFractionOfASecondIsDroppedAndExpiresAtIsTheUrlsOwnExpiry() {
        Object reply = reply(upload().setExpiresIn(1_500L).build());
        assertThat(reply).isInstanceOfSatisfying(UploadLocation.class, location -> {
            assertThat(location.getSignedUrl()).contains("X-Amz-Expires=1&").as("SigV4 cannot sign 1.5 s; never round up");
            assertThat(location.getExpiresAt()).isEqualTo(SignedUrlExpiry.of(URI.create(location.getSignedUrl())).orElseThrow());
            assertThat(location.getExpiresAt().getNano()).as("whole seconds, as X-Amz-Date").isZero();
        });
    }

    @Test
    void negativeContentLengthIsRefused() {
        assertInvalid(upload().setContentLength(-1L).build(), "content_length");
    }

    @Test
    void contentLengthIsRequiredByDefaultAndTheRefusalSaysWhatToSend() {
        Object reply = reply(upload().setContentLength(null).build());
        assertThat(reply).isInstanceOfSatisfying(Error.class, e -> {
            assertThat(e.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("content_length is required").contains("size of the body in bytes")
                    .contains("at most 1048576").contains("dataproxy.upload.requireContentLength: false").contains("unbounded");
        });
    }

    @Test
    void aDeploymentMayOptOutAndThenTheUrlBindsNoLength() {
        Object reply = reply(upload().setContentLength(null).build(), Map.of("DATAPROXY_UPLOAD_REQUIRE_CONTENT_LENGTH", "false"));
        assertThat(reply).isInstanceOfSatisfying(UploadLocation.class, location -> {
            assertThat(location.getHeaders()).doesNotContainKey("Content-Length");
            assertThat(location.getSignedHeaders()).doesNotContain("content-length");
        });
    }

    @Test
    void md5MetadataNeedsAnMd5() {
        assertInvalid(upload().setContentMd5(null).setFilenameRoot("root").setAddContentMd5Metadata(true).build(),
                "add_content_md5_metadata needs content_md5");
    }

    @Test
    void signsMd5LengthAndMetadataIntoThePut() {
        Instant before = Instant.now();
        Object reply = reply(upload().setContentLength(5L).setFilename("hello.txt").setAddContentMd5Metadata(true)
                .setExpiresIn(600_000L).build());
        assertThat(reply).isInstanceOfSatisfying(UploadLocation.class, location -> {
            assertThat(location.getNativeUrl()).isEqualTo("s3://bucket/uploads/p/d/LVAUAKV4JMVHNOLRTWIRAF6FSI======/hello.txt");
            assertThat(location.getHeaders()).containsEntry("Content-MD5", "XUFAKrxLKna5cZ2REBfFkg==")
                    .containsEntry("Content-Length", "5")
                    .containsEntry("x-amz-meta-flytecontentmd5", "XUFAKrxLKna5cZ2REBfFkg==");
            assertThat(location.getSignedHeaders()).contains("content-md5", "content-length", "x-amz-meta-flytecontentmd5", "host");
            assertThat(location.getSignedUrl()).startsWith("http://127.0.0.1:9/bucket/uploads/p/d/")
                    .contains("X-Amz-Expires=600").contains("X-Amz-Signature=");
            assertThat(location.getExpiresAt()).isBetween(before.plusSeconds(599), Instant.now().plusSeconds(601));
        });
    }

    @Test
    void generatesARandomFileNameWhenNoneIsGiven() {
        Object first = reply(upload().setFilenameRoot("root").build());
        Object second = reply(upload().setFilenameRoot("root").build());
        String a = ((UploadLocation) first).getNativeUrl();
        String b = ((UploadLocation) second).getNativeUrl();
        assertThat(a).matches("s3://bucket/uploads/p/d/root/[a-z0-9]{20}");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void pastDeadlineIsRefusedWithoutSigning() {
        UrlReply reply = handler(Map.of()).handle(UrlRequest.newBuilder().setRequestId("late")
                .setDeadline(Instant.now().minusSeconds(1)).setBody(upload().build()).build());
        assertThat(reply.getBody()).isInstanceOfSatisfying(Error.class,
                e -> assertThat(e.getCode()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
    }

    @Test
    void errorMessagesNeverCarryTheSecret() {
        Object reply = reply(upload().setFilename("a\\b").build());
        assertThat(((Error) reply).getMessage()).doesNotContain("wJalrXUtnFEMI").doesNotContain("X-Amz-Signature");
    }
}
