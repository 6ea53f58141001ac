package io.dataproxy.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.core.ApiClock;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.HttpMethod;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.SignedUrlExpiry;
import io.dataproxy.storage.UploadConstraints;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The hand-written V4 signer against the Google Cloud SDK's own {@code signUrl} (the oracle: the same URL for the same
 * instant), and every URL's signature checked independently with the service account's public key over the canonical
 * request of Google's V4 documentation ({@link V4Verifier}). No GCS server runs here: what storage does with a valid
 * signature (refusing another MD5 or size) is Google's documented behaviour, not tested.
 */
class GcsV4UrlSignerOracleTest {

    private static final ServiceAccountCredentials KEY = ServiceAccountKeys.credentials();
    private static final GcsV4UrlSigner SIGNER = new GcsV4UrlSigner(KEY, GcsStorage.GOOGLE);

    @Property(tries = 200)
    void uploadUrlsAreTheSdksAndVerify(@ForAll("keys") String key, @ForAll("buckets") String bucket,
                                       @ForAll @LongRange(min = 1_700_000_000L, max = 2_000_000_000L) long epochSecond,
                                       @ForAll @IntRange(min = 1, max = 604_800) int seconds,
                                       @ForAll @LongRange(min = 0, max = 5_000_000_000L) long length) throws Exception {
        Instant now = Instant.ofEpochSecond(epochSecond, 123_456_789);
        String md5 = "1B2M2Y8AsgTpgAmY7PhCfg==";
        UploadConstraints constraints = new UploadConstraints(Optional.of(md5), OptionalLong.of(length),
                Map.of("flyteContentMD5", md5));
        PresignedUpload mine = SIGNER.presignPut(new ObjectLocation("gs", bucket, key), constraints, Duration.ofSeconds(seconds), now);

        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("Content-MD5", md5);
        ext.put("x-goog-content-length-range", length + "," + length);
        ext.put("x-goog-meta-flytecontentmd5", md5);
        URI oracle = oracle(now).signUrl(BlobInfo.newBuilder(bucket, key).build(), seconds, TimeUnit.SECONDS,
                Storage.SignUrlOption.withV4Signature(), Storage.SignUrlOption.httpMethod(HttpMethod.PUT),
                Storage.SignUrlOption.withExtHeaders(ext)).toURI();

        assertThat(mine.url()).isEqualTo(oracle);
        assertThat(mine.headers()).isEqualTo(ext);
        assertThat(mine.signedHeaders()).containsExactlyInAnyOrder("host", "content-md5", "x-goog-content-length-range",
                "x-goog-meta-flytecontentmd5");
        assertThat(mine.expiresAt()).isEqualTo(Instant.ofEpochSecond(epochSecond + seconds))
                .isEqualTo(SignedUrlExpiry.of(mine.url()).orElseThrow());
        assertThat(V4Verifier.verifies("PUT", mine.url(), mine.headers(), ServiceAccountKeys.KEYS.getPublic())).isTrue();
    }

    @Property(tries = 200)
    void downloadUrlsAreTheSdksAndVerify(@ForAll("keys") String key, @ForAll("buckets") String bucket,
                                         @ForAll @LongRange(min = 1_700_000_000L, max = 2_000_000_000L) long epochSecond,
                                         @ForAll @IntRange(min = 1, max = 604_800) int seconds) throws Exception {
        Instant now = Instant.ofEpochSecond(epochSecond);
        URI mine = SIGNER.presignGet(new ObjectLocation("gs", bucket, key), Duration.ofSeconds(seconds), now);
        URI oracle = oracle(now).signUrl(BlobInfo.newBuilder(bucket, key).build(), seconds, TimeUnit.SECONDS,
                Storage.SignUrlOption.withV4Signature()).toURI();

        assertThat(mine).isEqualTo(oracle);
        assertThat(V4Verifier.verifies("GET", mine, Map.of(), ServiceAccountKeys.KEYS.getPublic())).isTrue();
    }

    @Property(tries = 50)
    void anUploadWithoutItsSignedHeadersOrWithOthersDoesNotVerify(@ForAll("keys") String key) throws Exception {
        String md5 = "1B2M2Y8AsgTpgAmY7PhCfg==";
        PresignedUpload upload = SIGNER.presignPut(new ObjectLocation("gs", "bucket", key), new UploadConstraints(
                Optional.of(md5), OptionalLong.of(10), Map.of()), Duration.ofMinutes(5), Instant.now());

        assertThat(V4Verifier.verifies("PUT", upload.url(), Map.of(), ServiceAccountKeys.KEYS.getPublic())).isFalse();
        Map<String, String> otherSize = new LinkedHashMap<>(upload.headers());
        otherSize.put("x-goog-content-length-range", "0,1000000");
        assertThat(V4Verifier.verifies("PUT", upload.url(), otherSize, ServiceAccountKeys.KEYS.getPublic())).isFalse();
        Map<String, String> otherMd5 = new LinkedHashMap<>(upload.headers());
        otherMd5.put("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==");
        assertThat(V4Verifier.verifies("PUT", upload.url(), otherMd5, ServiceAccountKeys.KEYS.getPublic())).isFalse();
        assertThat(V4Verifier.verifies("GET", upload.url(), upload.headers(), ServiceAccountKeys.KEYS.getPublic())).isFalse();
        URI otherObject = URI.create(upload.url().toString().replaceFirst("/bucket/", "/bucket/x"));
        assertThat(V4Verifier.verifies("PUT", otherObject, upload.headers(), ServiceAccountKeys.KEYS.getPublic())).isFalse();
    }

    /** The SDK signing with the same key at {@code now}. */
    private static Storage oracle(Instant now) {
        ApiClock clock = new ApiClock() {
            @Override
            public long nanoTime() {
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public long millisTime() {
                return now.toEpochMilli();
            }
        };
        return StorageOptions.http().setCredentials(KEY).setProjectId("test-project").setClock(clock).build().getService();
    }

    /** Keys as the key rule lets them through: any well-formed Unicode but controls, backslash and bidi controls. */
    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcXYZ019-_.~ !\"#$%&'()*+,:;<=>?@[]^`{|}").ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().withChars("äöüßé日本語🙂€ ").ofMinLength(1).ofMaxLength(6),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20))
                .filter(s -> !s.equals(".") && !s.equals(".."));
        return segment.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join("/", parts));
    }

    @Provide
    Arbitrary<String> buckets() {
        return Arbitraries.of("flyte-data", "my.bucket.example", "b12", "a_b-c");
    }
}
