package io.dataproxy.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
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

    private JsonApiStub stub;
    private Map<String, JsonApiStub.Reply> replies;
    private List<String> requests;
    private List<String> authorizations;

    @BeforeEach
    void start() {
        stub = new JsonApiStub();
        replies = stub.replies;
        requests = stub.requests;
        authorizations = stub.authorizations;
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private ObjectStorage storage() {
        return ObjectStorage.open(config(Optional.of(stub.endpoint()), Optional.of(stub.keyJson())));
    }

    static StorageConfig config(Optional<URI> endpoint, Optional<String> json) {
        return new StorageConfig(StorageConfig.Type.GCS, "bucket", Set.of("bucket"), endpoint, StorageConfig.AuthType.ACCESSKEY,
                Optional.empty(), "us-east-1", Optional.empty(),
                Optional.of(new StorageConfig.Gcs(json, Optional.empty(), List.of("https://www.googleapis.com/auth/cloud-platform"))));
    }

    @Test
    void headReadsTheMd5HashAndMetadataOfTheObjectNamedEncoded() {
        replies.put("GET /storage/v1/b/bucket/o/uploads%2Fa%20b.txt", new JsonApiStub.Reply(200, """
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
        replies.put("DELETE /storage/v1/b/bucket/o/uploads%2Fx", new JsonApiStub.Reply(204, ""));
        try (ObjectStorage storage = storage()) {
            storage.delete(storage.location("bucket", "uploads/x"));
            storage.delete(storage.location("bucket", "uploads/gone"));
        }
        assertThat(requests).contains("DELETE /storage/v1/b/bucket/o/uploads%2Fx", "DELETE /storage/v1/b/bucket/o/uploads%2Fgone");
    }

    @Test
    void refusalsAndOutagesAreToldApart() {
        replies.put("GET /storage/v1/b/bucket/o/locked", new JsonApiStub.Reply(403,
                "{\"error\":{\"code\":403,\"message\":\"denied\",\"errors\":[{\"reason\":\"forbidden\"}]}}"));
        replies.put("DELETE /storage/v1/b/bucket/o/held", new JsonApiStub.Reply(412,
                "{\"error\":{\"code\":412,\"message\":\"held\",\"errors\":[{\"reason\":\"conditionNotMet\"}]}}"));
        replies.put("GET /storage/v1/b/bucket/o/token", new JsonApiStub.Reply(401,
                "{\"error\":{\"code\":401,\"message\":\"expired\",\"errors\":[{\"reason\":\"authError\"}]}}"));
        replies.put("GET /storage/v1/b/bucket/o/busy", new JsonApiStub.Reply(503,
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
        URI endpoint = stub.endpoint();
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
