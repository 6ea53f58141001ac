package io.dataproxy.signer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.DownloadLinks;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectStorage;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reply's {@code expires_at} and the URL's own life agree to the second, for uploads and downloads on every
 * signing path: storage lets a SigV4 URL live {@code X-Amz-Expires} seconds from {@code X-Amz-Date}, so that is what
 * {@code expires_at} must say, read straight from the URL here. A fraction of a second in {@code expires_in} is
 * dropped (SigV4 cannot sign it; rounding up would promise more than the URL gives).
 */
class ExpiryTest {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern DATE = Pattern.compile("[?&]X-Amz-Date=(\\d{8}T\\d{6}Z)");
    private static final Pattern EXPIRES = Pattern.compile("[?&]X-Amz-Expires=(\\d+)");

    /** The s3 fast path, the AWS SDK's presigner (a region the fast path leaves to it), and the MinIO SDK. */
    static Stream<Arguments> backends() {
        Stream<Map<String, String>> backends = Stream.of(
                Map.of("STORAGE_TYPE", "s3", "STORAGE_CONNECTION_ENDPOINT", "http://127.0.0.1:9"),
                Map.of("STORAGE_TYPE", "s3", "STORAGE_CONNECTION_REGION", "cn-north-1"),
                Map.of("STORAGE_TYPE", "minio", "STORAGE_CONNECTION_ENDPOINT", "http://127.0.0.1:9"));
        return backends.flatMap(backend -> Stream.of(null, 1_000L, 1_500L, 1_999L, 61_234L, 3_599_999L)
                .map(expiresIn -> Arguments.of(backend, expiresIn)));
    }

    @ParameterizedTest(name = "{0}, expires_in {1} ms")
    @MethodSource("backends")
    void uploadUrlsDieWhenTheReplySays(Map<String, String> backend, Long expiresIn) {
        try (ObjectStorage storage = storage(backend)) {
            Object body = handler(backend, storage).handle(UrlRequest.newBuilder().setRequestId("r").setBody(
                    CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setContentMd5(ByteBuffer.wrap(new byte[16]))
                            .setContentLength(1L).setExpiresIn(expiresIn).build()).build()).getBody();
            assertThat(body).isInstanceOfSatisfying(UploadLocation.class, location -> {
                assertThat(seconds(location.getSignedUrl())).isEqualTo(expectedSeconds(expiresIn));
                assertThat(location.getExpiresAt()).isEqualTo(diesAt(location.getSignedUrl()));
            });
        }
    }

    @ParameterizedTest(name = "{0}, expires_in {1} ms")
    @MethodSource("backends")
    void downloadUrlsDieWhenTheReplySays(Map<String, String> backend, Long expiresIn) {
        try (ObjectStorage storage = storage(backend)) {
            Object body = handler(backend, storage).handle(UrlRequest.newBuilder().setRequestId("r").setBody(
                    CreateDownloadLink.newBuilder().setNativeUrls(List.of("s3://bucket/a", "s3://bucket/b"))
                            .setExpiresIn(expiresIn).build()).build()).getBody();
            assertThat(body).isInstanceOfSatisfying(DownloadLinks.class, links -> {
                Instant earliest = links.getSignedUrls().stream().map(ExpiryTest::diesAt).min(Instant::compareTo).orElseThrow();
                assertThat(links.getExpiresAt()).as("never later than any of its URLs dies").isEqualTo(earliest);
                for (String url : links.getSignedUrls()) {
                    assertThat(seconds(url)).isEqualTo(expectedSeconds(expiresIn));
                    assertThat(diesAt(url)).as("links signed in one request die within a second of each other")
                            .isBetween(earliest, earliest.plusSeconds(1));
                }
            });
        }
    }

    private static long expectedSeconds(Long expiresIn) {
        return expiresIn == null ? 3600 : expiresIn / 1000;
    }

    private static long seconds(String url) {
        Matcher m = EXPIRES.matcher(url);
        assertThat(m.find()).as("X-Amz-Expires in %s", url).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** X-Amz-Date + X-Amz-Expires: when storage stops taking the URL. */
    private static Instant diesAt(String url) {
        Matcher m = DATE.matcher(url);
        assertThat(m.find()).as("X-Amz-Date in %s", url).isTrue();
        return LocalDateTime.parse(m.group(1), AMZ_DATE).toInstant(ZoneOffset.UTC).plusSeconds(seconds(url));
    }

    private static SignerConfig config(Map<String, String> backend) {
        Map<String, String> env = new HashMap<>(Map.of("STORAGE_CONTAINER", "bucket",
                "STORAGE_CONNECTION_ACCESS_KEY", "AKIDEXAMPLE", "STORAGE_CONNECTION_SECRET_KEY", "secret",
                "DATAPROXY_DOWNLOAD_CHECK_EXISTS", "false"));
        env.putAll(backend);
        return SignerConfig.load(null, env);
    }

    private static ObjectStorage storage(Map<String, String> backend) {
        return ObjectStorage.open(config(backend).storage());
    }

    private static UrlRequestHandler handler(Map<String, String> backend, ObjectStorage storage) {
        SignerConfig config = config(backend);
        Clock clock = Clock.systemUTC();
        return new UrlRequestHandler(new UploadLocationSigner(config.upload(), storage, "bucket"),
                new DownloadLinkSigner(config.download(), storage, config.storage().allowedContainers(), clock), clock);
    }
}
