package io.dataproxy.storage.azure;

import static io.dataproxy.storage.azure.AzureStorageRoundTripTest.constraints;
import static io.dataproxy.storage.azure.AzureStorageRoundTripTest.md5;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.PresignedUpload;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * User-delegation SAS (no account key in the pod) against Azurite over https with OAuth: the key comes from the service
 * for the token's identity, and the emulator checks every SAS signed with it.
 */
class UserDelegationSasTest {

    private static final String OBJECT_ID = "4b1d8e36-51ad-4d6a-b2c1-2f0e1b7a9c11";
    private final AzureFixture azure = new AzureFixture(Azurite.withOAuth());

    @Test
    void uploadAndDownloadThroughUserDelegationSas() throws Exception {
        String container = azure.newContainer();
        byte[] body = "signed without an account key".getBytes(StandardCharsets.UTF_8);
        String md5 = md5(body);
        try (AzureStorage storage = azure.userDelegation(container, Clock.systemUTC(), OBJECT_ID)) {
            ObjectLocation location = storage.location(container, "uploads/delegated.txt");
            PresignedUpload upload = storage.presignPut(location, constraints(md5, body.length), Duration.ofMinutes(5));

            assertThat(upload.url().getQuery()).contains("skoid=" + OBJECT_ID).contains("sp=cw").contains("spr=https");
            HttpResponse<byte[]> put = azure.send("PUT", upload.url(), upload.headers(), body);
            assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);

            URI get = storage.presignGet(location, Duration.ofMinutes(5));
            HttpResponse<byte[]> download = azure.send("GET", get, Map.of(), null);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(body);
            assertThat(storage.head(location).orElseThrow().contentMd5Base64()).contains(md5);

            storage.delete(location);
            assertThat(storage.head(location)).isEmpty();
        }
    }

    @Test
    void aTamperedOrExpiredUserDelegationSasIsRefused() throws Exception {
        String container = azure.newContainer();
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        try (AzureStorage storage = azure.userDelegation(container, Clock.systemUTC(), OBJECT_ID)) {
            ObjectLocation location = storage.location(container, "uploads/tampered.txt");
            PresignedUpload upload = storage.presignPut(location, constraints(md5(body), body.length), Duration.ofMinutes(5));
            URI longer = URI.create(upload.url().toString().replaceAll("se=[^&]+", "se=2099-01-01T00%3A00%3A00Z"));
            assertThat(azure.send("PUT", longer, upload.headers(), body).statusCode()).as("a longer life than signed")
                    .isEqualTo(403);
        }
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        try (AzureStorage past = azure.userDelegation(container, anHourAgo, OBJECT_ID)) {
            ObjectLocation location = past.location(container, "uploads/expired.txt");
            PresignedUpload upload = past.presignPut(location, constraints(md5(body), body.length), Duration.ofSeconds(5));
            assertThat(azure.send("PUT", upload.url(), upload.headers(), body).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void oneKeyServesManyUrls() {
        String container = azure.newContainer();
        try (AzureStorage storage = azure.userDelegation(container, Clock.systemUTC(), OBJECT_ID)) {
            UserDelegationSasSigner signer = (UserDelegationSasSigner) storage.signer();
            assertThat(signer.keyFetches()).isZero();
            for (int i = 0; i < 20; i++) {
                storage.presignGet(storage.location(container, "uploads/" + i), Duration.ofHours(1));
            }
            assertThat(signer.keyFetches()).isOne();
        }
    }
}
