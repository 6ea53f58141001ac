package io.dataproxy.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.DownloadLinks;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.signer.DownloadLinkSigner;
import io.dataproxy.signer.UploadLocationSigner;
import io.dataproxy.signer.UrlRequestHandler;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.SignedUrlExpiry;
import io.dataproxy.avro.url.UrlRequest;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signer's rules over the gcs backend, as {@code storage.type: gcs} configures it: gs:// native URLs, the key
 * layout, the deterministic-key guard on GCS's {@code md5Hash}, the allowed buckets, another storage's URLs refused,
 * expiry read from the URL. Storage is the JSON API stub ({@link JsonApiStub}).
 */
class GcsSignerRulesTest {

    private static final byte[] MD5 = Base64.getDecoder().decode("XUFAKrxLKna5cZ2REBfFkg=="); // md5("hello")
    private static final String KEY = "uploads%2Fp%2Fd%2Froot%2Fhello.txt";

    private JsonApiStub stub;
    private ObjectStorage storage;
    private UrlRequestHandler handler;

    @BeforeEach
    void start() {
        stub = new JsonApiStub();
        SignerConfig config = SignerConfig.load(null, Map.of("STORAGE_TYPE", "gcs", "STORAGE_CONTAINER", "bucket",
                "STORAGE_CONNECTION_ENDPOINT", stub.endpoint().toString(), "STORAGE_STOW_CONFIG_JSON", stub.keyJson(),
                "DATAPROXY_UPLOAD_MAX_SIZE", "1Mi", "DATAPROXY_UPLOAD_MAX_EXPIRES_IN", "1h"));
        storage = ObjectStorage.open(config.storage());
        Clock clock = Clock.systemUTC();
        handler = new UrlRequestHandler(new UploadLocationSigner(config.upload(), storage, "bucket"),
                new DownloadLinkSigner(config.download(), storage, config.storage().allowedContainers(), clock), clock);
    }

    @AfterEach
    void stop() {
        storage.close();
        stub.close();
    }

    private Object reply(Object body) {
        return handler.handle(UrlRequest.newBuilder().setRequestId("r").setBody(body).build()).getBody();
    }

    private static CreateUploadLocation deterministicUpload() {
        return CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setFilenameRoot("root").setFilename("hello.txt")
                .setContentMd5(ByteBuffer.wrap(MD5)).setContentLength(5L).setExpiresIn(1_500L).build();
    }

    @Test
    void anUploadIsAGsLocationWhoseHeadersAreWhatItsSignatureBinds() throws Exception {
        Instant before = Instant.now();
        UploadLocation upload = (UploadLocation) reply(deterministicUpload());

        assertThat(upload.getNativeUrl()).isEqualTo("gs://bucket/uploads/p/d/root/hello.txt");
        assertThat(URI.create(upload.getSignedUrl())).hasPath("/bucket/uploads/p/d/root/hello.txt");
        assertThat(upload.getHeaders()).containsOnly(Map.entry("Content-MD5", "XUFAKrxLKna5cZ2REBfFkg=="),
                Map.entry("x-goog-content-length-range", "5,5"));
        assertThat(upload.getSignedHeaders()).containsExactly("content-md5", "host", "x-goog-content-length-range");
        assertThat(V4Verifier.verifies("PUT", URI.create(upload.getSignedUrl()), upload.getHeaders(),
                ServiceAccountKeys.KEYS.getPublic())).isTrue();
        // 1,500 ms is signed as 1 s, and expires_at is read from the URL
        assertThat(upload.getSignedUrl()).contains("X-Goog-Expires=1&");
        assertThat(upload.getExpiresAt()).isEqualTo(SignedUrlExpiry.of(URI.create(upload.getSignedUrl())).orElseThrow())
                .isBetween(before.minusSeconds(1), before.plusSeconds(60));
        assertThat(stub.requests).as("the deterministic key was looked up first").contains("GET /storage/v1/b/bucket/o/" + KEY);
    }

    @Test
    void aDeterministicKeyIsReSignedOnlyForTheContentGcsHolds() {
        stub.object("bucket", KEY, "XUFAKrxLKna5cZ2REBfFkg==", Map.of());
        assertThat(reply(deterministicUpload())).as("md5Hash matches").isInstanceOf(UploadLocation.class);

        stub.object("bucket", KEY, "AAAAAAAAAAAAAAAAAAAAAA==", Map.of());
        assertThat(reply(deterministicUpload())).isInstanceOfSatisfying(Error.class, e -> {
            assertThat(e.getCode()).isEqualTo(ErrorCode.ALREADY_EXISTS);
            assertThat(e.getMessage()).contains("gs://bucket/uploads/p/d/root/hello.txt");
        });

        // the MD5 metadata, when present, is what counts
        stub.object("bucket", KEY, "XUFAKrxLKna5cZ2REBfFkg==", Map.of("flyteContentMD5", "AAAAAAAAAAAAAAAAAAAAAA=="));
        assertThat(reply(deterministicUpload())).isInstanceOfSatisfying(Error.class,
                e -> assertThat(e.getCode()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    }

    @Test
    void downloadLinksAreForGsUrlsOfTheAllowedBucketsOnly() throws Exception {
        stub.object("bucket", "outputs%2Fa", "XUFAKrxLKna5cZ2REBfFkg==", Map.of());
        Object links = reply(CreateDownloadLink.newBuilder().setNativeUrls(List.of("gs://bucket/outputs/a")).build());
        assertThat(links).isInstanceOfSatisfying(DownloadLinks.class, l -> {
            URI url = URI.create(l.getSignedUrls().get(0));
            assertThat(url).hasPath("/bucket/outputs/a");
            try {
                assertThat(V4Verifier.verifies("GET", url, Map.of(), ServiceAccountKeys.KEYS.getPublic())).isTrue();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        assertThat(reply(CreateDownloadLink.newBuilder().setNativeUrls(List.of("s3://bucket/outputs/a")).build()))
                .isInstanceOfSatisfying(Error.class, e -> {
                    assertThat(e.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("gs://bucket/key");
                });
        assertThat(reply(CreateDownloadLink.newBuilder().setNativeUrls(List.of("gs://elsewhere/outputs/a")).build()))
                .isInstanceOfSatisfying(Error.class, e -> assertThat(e.getCode()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThat(reply(CreateDownloadLink.newBuilder().setNativeUrls(List.of("gs://bucket/outputs/missing")).build()))
                .isInstanceOfSatisfying(Error.class, e -> assertThat(e.getCode()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(reply(CreateDownloadLink.newBuilder().setNativeUrls(List.of("gs://bucket/outputs/../../etc")).build()))
                .isInstanceOfSatisfying(Error.class, e -> assertThat(e.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
