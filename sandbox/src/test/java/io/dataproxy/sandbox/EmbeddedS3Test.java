package io.dataproxy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
