package io.dataproxy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

class EmbeddedS3Test {

    @TempDir
    Path dataDir;

    @Test
    void storesObjectsInMemoryAndRefusesUnsignedRequests() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(null, 0, "access", "secret-secret")) {
            assertThat(s3.endpoint().toString()).startsWith("http://127.0.0.1:");
            assertThat(s3.endpoint().getPort()).isPositive();
            assertThat(s3.region()).isEqualTo("us-east-1");

            s3.createBucket("artifacts");
            s3.createBucket("artifacts"); // idempotent
            assertThat(s3.exists("artifacts", "a/b.txt")).isFalse();
            assertThat(s3.exists("no-such-bucket", "a/b.txt")).isFalse();

            s3.put("artifacts", "a/b.txt", "payload".getBytes(StandardCharsets.UTF_8), Map.of("owner", "test"));
            assertThat(s3.exists("artifacts", "a/b.txt")).isTrue();
            assertThat(new String(s3.read("artifacts", "a/b.txt"), StandardCharsets.UTF_8)).isEqualTo("payload");
            assertThatThrownBy(() -> s3.read("artifacts", "missing")).isInstanceOf(NoSuchElementException.class);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(s3.endpoint().resolve("/artifacts/a/b.txt")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void keepsObjectsOnDiskAcrossRestart() {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dataDir, 0, "access", "secret-secret")) {
            s3.createBucket("artifacts");
            s3.put("artifacts", "kept", new byte[] {1, 2, 3}, Map.of());
        }
        try (EmbeddedS3 s3 = EmbeddedS3.start(dataDir, 0, "access", "secret-secret")) {
            assertThat(s3.read("artifacts", "kept")).containsExactly(1, 2, 3);
        }
    }

    /**
     * What {@code curl -X PUT --data-binary @file} sends to a presigned URL: its default form content type. Real S3
     * stores the bytes as they are; so must the sandbox, whatever the body looks like (a form's {@code a=1&b=%41+c},
     * a body larger than Jetty's form limit of 200,000 bytes), and with or without a content type.
     */
    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
            "application/octet-stream", "text/plain", ""})
    void acceptsAPresignedPutWhateverItsContentType(String contentType) throws Exception {
        byte[] small = "a=1&b=%41+c&kafka=%00%ZZ&&=".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[300_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) "x=1&y=%2B+".charAt(i % 10);
        }
        try (EmbeddedS3 s3 = EmbeddedS3.start(null, 0, "access", "secret-secret")) {
            s3.createBucket("uploads");
            for (byte[] body : new byte[][] {small, large}) {
                String key = "curl/" + body.length + "/" + contentType.hashCode() + ".bin";
                PresignedPutObjectRequest presigned = presignPut(s3, "uploads", key, body);
                HttpRequest.Builder put = HttpRequest.newBuilder(presigned.url().toURI())
                        .header("User-Agent", "curl/7.88.1").header("Accept", "*/*")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
                presigned.signedHeaders().forEach((name, values) -> {
                    if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                        put.header(name, String.join(",", values));
                    }
                });
                if (!contentType.isEmpty()) {
                    put.header("Content-Type", contentType);
                }

                HttpResponse<String> response = http().send(put.build(), HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).as("PUT %s with %s: %s", key, contentType, response.body())
                        .isEqualTo(200);
                assertThat(s3.read("uploads", key)).isEqualTo(body);
            }
        }
    }

    @Test
    void stillRefusesAFormTypedPutWhoseBodyIsNotTheSignedOne() throws Exception {
        byte[] signed = "a=1".getBytes(StandardCharsets.UTF_8);
        try (EmbeddedS3 s3 = EmbeddedS3.start(null, 0, "access", "secret-secret")) {
            s3.createBucket("uploads");
            PresignedPutObjectRequest presigned = presignPut(s3, "uploads", "k.bin", signed);
            HttpRequest.Builder put = HttpRequest.newBuilder(presigned.url().toURI())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Content-MD5", md5Base64(signed))
                    .PUT(HttpRequest.BodyPublishers.ofString("a=2"));

            HttpResponse<String> response = http().send(put.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(400); // BadDigest: the MD5 is checked against the body
            assertThat(s3.exists("uploads", "k.bin")).isFalse();
        }
    }

    /** As the signer presigns an upload with the S3 backend: Content-MD5 and Content-Length signed. */
    private static PresignedPutObjectRequest presignPut(EmbeddedS3 s3, String bucket, String key, byte[] body)
            throws Exception {
        try (S3Presigner presigner = S3Presigner.builder()
                .region(Region.of(s3.region()))
                .endpointOverride(s3.endpoint())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .build()) {
            return presigner.presignPutObject(PutObjectPresignRequest.builder()
                    .signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(PutObjectRequest.builder().bucket(bucket).key(key)
                            .contentMD5(md5Base64(body)).contentLength((long) body.length).build())
                    .build());
        }
    }

    private static String md5Base64(byte[] body) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
}
