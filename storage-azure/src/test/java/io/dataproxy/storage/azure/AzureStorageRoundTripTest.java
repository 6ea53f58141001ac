package io.dataproxy.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.SignedUrlExpiry;
import io.dataproxy.storage.StorageUnavailableException;
import io.dataproxy.storage.StoredObject;
import io.dataproxy.storage.UploadConstraints;
import io.dataproxy.wire.NativeUrl;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Azure backend against Azurite, which checks SAS signatures, permissions, expiry and Content-MD5 as Azure does. */
class AzureStorageRoundTripTest {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private final AzureFixture azure = new AzureFixture(Azurite.plain());

    @Test
    void uploadThroughTheSignedUrlWithItsHeadersThenDownloadAndHeadWithTheMd5() throws Exception {
        String container = azure.newContainer();
        byte[] body = "hello from a SAS".getBytes(StandardCharsets.UTF_8);
        String md5 = md5(body);
        try (AzureStorage storage = azure.sharedKey(container, Clock.systemUTC())) {
            ObjectLocation location = storage.location(container, "uploads/p/d/root/hello.txt");
            PresignedUpload upload = storage.presignPut(location, constraints(md5, body.length), TEN_MINUTES);

            assertThat(upload.headers()).containsEntry("x-ms-blob-type", "BlockBlob").containsEntry("Content-MD5", md5)
                    .containsEntry("Content-Length", Integer.toString(body.length))
                    .containsEntry("x-ms-meta-flyteContentMD5", md5);
            assertThat(upload.signedHeaders()).as("a SAS signs no header").isEmpty();
            assertThat(upload.url().getQuery()).contains("sp=cw").doesNotContain("sp=r");
            assertThat(SignedUrlExpiry.of(upload.url())).contains(upload.expiresAt());

            HttpResponse<byte[]> put = azure.send("PUT", upload.url(), upload.headers(), body);
            assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);

            URI get = storage.presignGet(location, TEN_MINUTES);
            assertThat(get.getQuery()).contains("sp=r");
            HttpResponse<byte[]> download = azure.send("GET", get, Map.of(), null);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(body);

            StoredObject stored = storage.head(location).orElseThrow();
            assertThat(stored.contentMd5Base64()).contains(md5);
            assertThat(stored.metadata("flyteContentMD5")).contains(md5);
        }
    }

    @Test
    void aBodyThatIsNotTheSignedMd5IsRefusedAndNothingIsStored() throws Exception {
        String container = azure.newContainer();
        byte[] body = "the body the MD5 was taken of".getBytes(StandardCharsets.UTF_8);
        try (AzureStorage storage = azure.sharedKey(container, Clock.systemUTC())) {
            ObjectLocation location = storage.location(container, "uploads/wrong-md5.txt");
            PresignedUpload upload = storage.presignPut(location, constraints(md5(body), body.length), TEN_MINUTES);

            byte[] other = "another body, same length!!!!".getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> put = azure.send("PUT", upload.url(), upload.headers(), other);

            assertThat(put.statusCode()).isEqualTo(400);
            // Azure's code is Md5Mismatch; Azurite says InvalidOperation, "Provided contentMD5 doesn't match"
            assertThat(new String(put.body(), StandardCharsets.UTF_8)).containsIgnoringCase("md5");
            assertThat(storage.head(location)).isEmpty();
        }
    }

    @Test
    void anExpiredSasIsRefused() throws Exception {
        String container = azure.newContainer();
        byte[] body = "late".getBytes(StandardCharsets.UTF_8);
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        try (AzureStorage past = azure.sharedKey(container, anHourAgo);
             AzureStorage now = azure.sharedKey(container, Clock.systemUTC())) {
            ObjectLocation location = past.location(container, "uploads/late.txt");
            PresignedUpload upload = past.presignPut(location, constraints(md5(body), body.length), Duration.ofSeconds(5));
            assertThat(upload.expiresAt()).isBefore(Instant.now());

            HttpResponse<byte[]> put = azure.send("PUT", upload.url(), upload.headers(), body);
            assertThat(put.statusCode()).isEqualTo(403);
            assertThat(now.head(location)).isEmpty();

            HttpResponse<byte[]> get = azure.send("GET", past.presignGet(location, Duration.ofSeconds(5)), Map.of(), null);
            assertThat(get.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void eachUrlAllowsItsOperationOnItsBlobOnly() throws Exception {
        String container = azure.newContainer();
        byte[] body = "narrow".getBytes(StandardCharsets.UTF_8);
        try (AzureStorage storage = azure.sharedKey(container, Clock.systemUTC())) {
            ObjectLocation location = storage.location(container, "uploads/narrow.txt");
            PresignedUpload upload = storage.presignPut(location, constraints(md5(body), body.length), TEN_MINUTES);
            assertThat(azure.send("PUT", upload.url(), upload.headers(), body).statusCode()).isEqualTo(201);

            assertThat(azure.send("GET", upload.url(), Map.of(), null).statusCode()).as("an upload URL cannot read").isEqualTo(403);
            assertThat(azure.send("DELETE", upload.url(), Map.of(), null).statusCode()).as("nor delete").isEqualTo(403);
            URI download = storage.presignGet(location, TEN_MINUTES);
            assertThat(azure.send("PUT", download, upload.headers(), body).statusCode()).as("a download URL cannot write")
                    .isEqualTo(403);
            URI elsewhere = URI.create(upload.url().toString().replace("narrow.txt", "other.txt"));
            assertThat(azure.send("PUT", elsewhere, upload.headers(), body).statusCode()).as("nor another blob")
                    .isEqualTo(403);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uploads/with space/and+plus.txt", "uploads/per%cent/q?mark#hash.txt", "uploads/ünïcødé/日本.txt",
            "uploads/a&b=c;d/@!$'()*,.txt", "uploads/~tilde/x"})
    void keysThatNeedEncodingRoundTrip(String key) throws Exception {
        String container = azure.newContainer();
        byte[] body = key.getBytes(StandardCharsets.UTF_8);
        try (AzureStorage storage = azure.sharedKey(container, Clock.systemUTC())) {
            ObjectLocation location = storage.location(container, key);
            PresignedUpload upload = storage.presignPut(location, constraints(md5(body), body.length), TEN_MINUTES);
            HttpResponse<byte[]> put = azure.send("PUT", upload.url(), upload.headers(), body);
            assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);

            assertThat(azure.admin().getBlobContainerClient(container).getBlobClient(key).downloadContent().toBytes())
                    .as("stored under exactly the key signed").isEqualTo(body);
            assertThat(azure.send("GET", storage.presignGet(location, TEN_MINUTES), Map.of(), null).body()).isEqualTo(body);
            assertThat(storage.head(location)).isPresent();
        }
    }

    @Test
    void deleteRemovesTheBlobAndWhatIsNotThereIsNoError() throws Exception {
        String container = azure.newContainer();
        byte[] body = "released".getBytes(StandardCharsets.UTF_8);
        try (AzureStorage storage = azure.sharedKey(container, Clock.systemUTC())) {
            ObjectLocation location = storage.location(container, "uploads/released.txt");
            PresignedUpload upload = storage.presignPut(location, constraints(md5(body), body.length), TEN_MINUTES);
            assertThat(azure.send("PUT", upload.url(), upload.headers(), body).statusCode()).isEqualTo(201);
            azure.admin().getBlobContainerClient(container).getBlobClient(location.key()).createSnapshot();

            storage.delete(location);

            assertThat(storage.head(location)).isEmpty();
            storage.delete(location);
            storage.delete(storage.location("no-such-container", "uploads/x"));
            assertThat(storage.head(storage.location("no-such-container", "uploads/x"))).isEmpty();
        }
    }

    @Test
    void aWrongAccountKeyIsAnOutageOfOurCredentialsNotARefusalOfTheObject() {
        String container = azure.newContainer();
        String wrongKey = Base64.getEncoder().encodeToString("not the account key at all, 64 bytes long ......."
                .getBytes(StandardCharsets.UTF_8));
        try (AzureStorage storage = AzureStorage.open(AzureFixture.config(azure.azurite.serviceUrl(), container,
                Optional.of(wrongKey)), null, Clock.systemUTC(), azure.http())) {
            ObjectLocation location = storage.location(container, "uploads/x");
            // Azure answers a wrong key with 403 AuthenticationFailed, Azurite with 403 AuthorizationFailure: both wait
            assertThatThrownBy(() -> storage.head(location)).isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("403").hasMessageNotContaining(wrongKey);
            assertThatThrownBy(() -> storage.delete(location)).isInstanceOf(StorageUnavailableException.class);
        }
    }

    @Test
    void storageThatDoesNotAnswerIsUnavailable() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closed + "/" + Azurite.ACCOUNT);
        try (AzureStorage storage = AzureStorage.open(AzureFixture.config(nowhere, "c", Optional.of(Azurite.KEY)), null,
                Clock.systemUTC(), azure.http())) {
            ObjectLocation location = storage.location("c", "uploads/x");
            assertThatThrownBy(() -> storage.head(location)).isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("HEAD abfs://c/uploads/x");
            assertThatThrownBy(() -> storage.delete(location)).isInstanceOf(StorageUnavailableException.class);
        }
    }

    @Test
    void nativeUrlsAreFlytesAbfsFormOrTheAdlsFormOfThisAccount() {
        try (AzureStorage storage = azure.sharedKey("c", Clock.systemUTC())) {
            assertThat(storage.locate(NativeUrl.parse("u", "abfs://c/uploads/x.txt")))
                    .contains(new ObjectLocation("abfs", "c", "uploads/x.txt"));
            assertThat(storage.locate(NativeUrl.parse("u", "abfss://c@devstoreaccount1.dfs.core.windows.net/uploads/x.txt")))
                    .contains(new ObjectLocation("abfs", "c", "uploads/x.txt"));
            assertThat(storage.locate(NativeUrl.parse("u", "abfs://c@otheraccount.dfs.core.windows.net/uploads/x.txt")))
                    .as("another account is another storage").isEmpty();
            assertThat(storage.locate(NativeUrl.parse("u", "abfs://c@devstoreaccount1.dfs.evil.example/uploads/x.txt"))).isEmpty();
            assertThat(storage.locate(NativeUrl.parse("u", "s3://c/uploads/x.txt"))).isEmpty();
            assertThat(storage.location("c", "k").nativeUrl()).isEqualTo("abfs://c/k");
            assertThat(storage.describe()).contains("devstoreaccount1").doesNotContain(Azurite.KEY);
        }
    }

    static UploadConstraints constraints(String md5, long length) {
        return new UploadConstraints(Optional.of(md5), OptionalLong.of(length), Map.of("flyteContentMD5", md5));
    }

    static String md5(byte[] body) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
    }
}
