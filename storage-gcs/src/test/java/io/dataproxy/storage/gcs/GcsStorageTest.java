package io.dataproxy.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.google.auth.ServiceAccountSigner;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import io.dataproxy.config.ConfigException;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.StorageConfig;
import io.dataproxy.storage.StorageRefusedException;
import io.dataproxy.storage.StorageUnavailableException;
import io.dataproxy.storage.StoredObject;
import io.dataproxy.storage.UploadConstraints;
import io.dataproxy.wire.NativeUrl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HEAD and DELETE through the Google Cloud SDK against a small stub of the JSON API (no GCS server runs here; the stub
 * answers as the API documents: object resources, 204, error statuses), and the backend as {@code storage.type: gcs}
 * opens it from a service-account key.
 */
class GcsStorageTest {

    private HttpServer server;
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private record Reply(int status, String json) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // the service-account key's token_uri points here: the SDK trades its signed JWT for this access token
        server.createContext("/token", exchange -> {
            byte[] body = "{\"access_token\":\"stub-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            requests.add(request);
            Reply reply = replies.getOrDefault(request, new Reply(404,
                    "{\"error\":{\"code\":404,\"message\":\"No such object\",\"errors\":[{\"reason\":\"notFound\"}]}}"));
            byte[] body = reply.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(reply.status(), reply.status() == 204 ? -1 : body.length);
            if (reply.status() != 204) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ObjectStorage storage() {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return ObjectStorage.open(config(Optional.of(endpoint), Optional.of(ServiceAccountKeys.json(endpoint + "/token"))));
    }

    static StorageConfig config(Optional<URI> endpoint, Optional<String> json) {
        return new StorageConfig(StorageConfig.Type.GCS, "bucket", Set.of("bucket"), endpoint, StorageConfig.AuthType.ACCESSKEY,
                Optional.empty(), "us-east-1", Optional.empty(),
                Optional.of(new StorageConfig.Gcs(json, Optional.empty(), List.of("https://www.googleapis.com/auth/cloud-platform"))));
    }

    @Test
    void headReadsTheMd5HashAndMetadataOfTheObjectNamedEncoded() {
        replies.put("GET /storage/v1/b/bucket/o/uploads%2Fa%20b.txt", new Reply(200, """
                {"kind":"storage#object","bucket":"bucket","name":"uploads/a b.txt","etag":"CKih16GjycICEAE=",
                 "md5Hash":"XrY7u+Ae7tCTyyK7j1rNww==","metadata":{"flyteContentMD5":"XrY7u+Ae7tCTyyK7j1rNww=="}}
                """));
        try (ObjectStorage storage = storage()) {
            StoredObject object = storage.head(storage.location("bucket", "uploads/a b.txt")).orElseThrow();
            assertThat(object.contentMd5Base64()).contains("XrY7u+Ae7tCTyyK7j1rNww==");
            assertThat(object.metadata("flytecontentmd5")).contains("XrY7u+Ae7tCTyyK7j1rNww==");
            assertThat(storage.head(storage.location("bucket", "uploads/missing"))).isEmpty();
        }
        assertThat(authorizations).as("the key's access token on every call").containsOnly("Bearer stub-token");
    }

    @Test
    void deleteSendsTheDeleteAndWhatIsGoneIsNoError() {
        replies.put("DELETE /storage/v1/b/bucket/o/uploads%2Fx", new Reply(204, ""));
        try (ObjectStorage storage = storage()) {
            storage.delete(storage.location("bucket", "uploads/x"));
            storage.delete(storage.location("bucket", "uploads/gone"));
        }
        assertThat(requests).contains("DELETE /storage/v1/b/bucket/o/uploads%2Fx", "DELETE /storage/v1/b/bucket/o/uploads%2Fgone");
    }

    @Test
    void refusalsAndOutagesAreToldApart() {
        replies.put("GET /storage/v1/b/bucket/o/locked", new Reply(403,
                "{\"error\":{\"code\":403,\"message\":\"denied\",\"errors\":[{\"reason\":\"forbidden\"}]}}"));
        replies.put("DELETE /storage/v1/b/bucket/o/held", new Reply(412,
                "{\"error\":{\"code\":412,\"message\":\"held\",\"errors\":[{\"reason\":\"conditionNotMet\"}]}}"));
        replies.put("GET /storage/v1/b/bucket/o/token", new Reply(401,
                "{\"error\":{\"code\":401,\"message\":\"expired\",\"errors\":[{\"reason\":\"authError\"}]}}"));
        replies.put("GET /storage/v1/b/bucket/o/busy", new Reply(503,
                "{\"error\":{\"code\":503,\"message\":\"busy\",\"errors\":[{\"reason\":\"backendError\"}]}}"));
        try (ObjectStorage storage = storage()) {
            assertThatThrownBy(() -> storage.head(storage.location("bucket", "locked")))
                    .isInstanceOfSatisfying(StorageRefusedException.class, e -> assertThat(e.isAccessDenied()).isTrue());
            assertThatThrownBy(() -> storage.delete(storage.location("bucket", "held"))).isInstanceOf(StorageRefusedException.class)
                    .hasMessageContaining("DELETE gs://bucket/held failed with HTTP 412");
            assertThatThrownBy(() -> storage.head(storage.location("bucket", "token"))).as("our credentials, not the object")
                    .isInstanceOf(StorageUnavailableException.class);
            assertThatThrownBy(() -> storage.head(storage.location("bucket", "busy"))).isInstanceOf(StorageUnavailableException.class);
        }
        assertThat(requests.stream().filter(r -> r.endsWith("/busy")).count()).as("retried, within bounds").isEqualTo(3);
    }

    @Test
    void storageThatDoesNotAnswerIsUnavailable() throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closed);
        try (ObjectStorage storage = ObjectStorage.open(config(Optional.of(nowhere), Optional.of(ServiceAccountKeys.json(nowhere + "/token"))))) {
            assertThatThrownBy(() -> storage.head(storage.location("bucket", "x"))).isInstanceOf(StorageUnavailableException.class);
            assertThatThrownBy(() -> storage.delete(storage.location("bucket", "x"))).isInstanceOf(StorageUnavailableException.class);
        }
    }

    @Test
    void opensFromAKeyAsGsStorageWithoutShowingIt() {
        try (ObjectStorage storage = ObjectStorage.open(config(Optional.empty(), Optional.of(ServiceAccountKeys.JSON)))) {
            assertThat(storage.describe()).contains("storage.googleapis.com").contains("offline")
                    .doesNotContain("PRIVATE KEY");
            assertThat(storage.locate(NativeUrl.parse("u", "gs://bucket/uploads/x"))).contains(new ObjectLocation("gs", "bucket", "uploads/x"));
            assertThat(storage.locate(NativeUrl.parse("u", "s3://bucket/uploads/x"))).isEmpty();
            PresignedUpload upload = storage.presignPut(storage.location("bucket", "uploads/x"), new UploadConstraints(
                    Optional.of("XrY7u+Ae7tCTyyK7j1rNww=="), OptionalLong.of(3), Map.of()), Duration.ofMinutes(1));
            assertThat(upload.url()).hasHost("storage.googleapis.com").hasPath("/bucket/uploads/x");
            assertThat(upload.url().getQuery()).contains("X-Goog-Credential=" + ServiceAccountKeys.EMAIL);
        }
    }

    /**
     * Without a key the pod's identity signs through IAM {@code signBlob}: a {@link ServiceAccountSigner} that is not a
     * key. Here one that answers as IAM would (an RSA signature by the account's key), then one whose IAM call fails.
     */
    @Test
    void anIdentityWithoutAKeySignsThroughItsSignerAndItsFailureIsAnOutage() throws Exception {
        ServiceAccountCredentials key = ServiceAccountKeys.credentials();
        List<Integer> calls = new CopyOnWriteArrayList<>();
        ServiceAccountSigner iam = new ServiceAccountSigner() {
            @Override
            public String getAccount() {
                return ServiceAccountKeys.EMAIL;
            }

            @Override
            public byte[] sign(byte[] toSign) {
                calls.add(toSign.length);
                return key.sign(toSign);
            }
        };
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (ObjectStorage storage = GcsStorage.open(config(Optional.of(endpoint), Optional.empty()), iam, NoCredentials.getInstance(),
                Optional.empty(), Clock.systemUTC())) {
            assertThat(storage.describe()).contains("IAM signBlob");
            PresignedUpload upload = storage.presignPut(storage.location("bucket", "uploads/x"), new UploadConstraints(
                    Optional.of("XrY7u+Ae7tCTyyK7j1rNww=="), OptionalLong.of(3), Map.of()), Duration.ofMinutes(1));
            assertThat(V4Verifier.verifies("PUT", upload.url(), upload.headers(), ServiceAccountKeys.KEYS.getPublic())).isTrue();
            assertThat(calls).hasSize(1);
        }

        ServiceAccountSigner unreachable = new ServiceAccountSigner() {
            @Override
            public String getAccount() {
                return ServiceAccountKeys.EMAIL;
            }

            @Override
            public byte[] sign(byte[] toSign) {
                throw new SigningException("Failed to sign the provided bytes", new IOException("connect timed out"));
            }
        };
        try (ObjectStorage storage = GcsStorage.open(config(Optional.of(endpoint), Optional.empty()), unreachable,
                NoCredentials.getInstance(), Optional.empty(), Clock.systemUTC())) {
            assertThatThrownBy(() -> storage.presignGet(storage.location("bucket", "uploads/x"), Duration.ofMinutes(1)))
                    .isInstanceOf(StorageUnavailableException.class).hasMessageContaining("IAM signBlob");
        }
    }

    @Test
    void aKeyThatIsNotOneIsAConfigErrorThatDoesNotQuoteIt() {
        String broken = "{\"type\":\"service_account\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nc2VjcmV0\\n\"}";
        assertThatThrownBy(() -> ObjectStorage.open(config(Optional.empty(), Optional.of(broken))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("storage.stow.config.json: is not a service-account key")
                .hasMessageNotContaining("c2VjcmV0");
    }
}
