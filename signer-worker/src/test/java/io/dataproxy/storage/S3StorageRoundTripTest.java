package io.dataproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fast-path URLs against a real S3 server that checks SigV4 (s3proxy on loopback): keys with characters that
 * need encoding, a PUT binding MD5, length and metadata, then a GET. The signer worker's integration tests use
 * the same configuration, so they run on the fast path too (asserted here).
 */
@ExtendWith(DataproxyInfraExtension.class)
class S3StorageRoundTripTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration EXPIRES_IN = Duration.ofMinutes(5);

    private final Infra infra;

    S3StorageRoundTripTest(Infra infra) {
        this.infra = infra;
    }

    @ParameterizedTest
    @ValueSource(strings = {"uploads/p/d/hello.txt", "uploads/a b+c~(1)!'*,=&;@$.txt", "uploads/café/日本語/\uD83D\uDE00.bin",
            "uploads/100%/x?y#z"})
    void putThenGetThroughFastPathUrls(String key) throws Exception {
        String bucket = infra.uniqueName("fast");
        infra.s3().createBucket(bucket);
        StorageConfig config = new StorageConfig(StorageConfig.Type.S3, bucket, Set.of(bucket), Optional.of(infra.s3Endpoint()),
                StorageConfig.AuthType.ACCESSKEY, Optional.of(new StorageConfig.Credentials(infra.s3AccessKey(), infra.s3SecretKey())),
                infra.s3Region());
        byte[] body = ("body of " + key).getBytes(StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        UploadConstraints constraints = new UploadConstraints(Optional.of(md5), OptionalLong.of(body.length),
                Map.of("flyteContentMD5", md5));
        ObjectLocation location = new ObjectLocation(bucket, key);
        SigV4UrlSigner rule = new SigV4UrlSigner(config.region(), config.endpoint(), () -> null, Clock.systemUTC());
        assertThat(rule.reproducesSdk(location, constraints, EXPIRES_IN)).as("the fast path signs this").isTrue();

        try (S3Storage s3 = new S3Storage(config)) {
            PresignedUpload upload = s3.presignPut(location, constraints, EXPIRES_IN);
            HttpRequest.Builder put = HttpRequest.newBuilder(upload.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
            upload.headers().forEach((name, value) -> {
                if (!name.equals("Content-Length")) { // the HTTP client sets it from the body
                    put.header(name, value);
                }
            });
            HttpResponse<String> stored = HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
            assertThat(infra.s3().read(bucket, key)).isEqualTo(body);

            URI download = s3.presignGet(location, EXPIRES_IN);
            HttpResponse<byte[]> got = HTTP.send(HttpRequest.newBuilder(download).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(body);

            URI tampered = URI.create(download.toString().replace("X-Amz-Expires=300", "X-Amz-Expires=301"));
            assertThat(HTTP.send(HttpRequest.newBuilder(tampered).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .as("a changed signed parameter").isEqualTo(403);
        }
    }
}
