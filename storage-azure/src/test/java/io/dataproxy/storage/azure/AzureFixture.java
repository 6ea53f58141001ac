package io.dataproxy.storage.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.dataproxy.storage.StorageConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/** Storages and a plain HTTP client against {@link Azurite}, and containers of their own for each test. */
final class AzureFixture {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    final Azurite azurite;

    AzureFixture(Azurite azurite) {
        this.azurite = azurite;
    }

    static StorageConfig config(URI endpoint, String container, Optional<String> key) {
        return new StorageConfig(StorageConfig.Type.AZURE, container, Set.of(container), Optional.of(endpoint),
                StorageConfig.AuthType.ACCESSKEY, Optional.empty(), "us-east-1",
                Optional.of(new StorageConfig.Azure(Azurite.ACCOUNT, key, "core.windows.net")), Optional.empty());
    }

    /** A storage signing service SAS with the emulator's key. */
    AzureStorage sharedKey(String container, Clock clock) {
        return AzureStorage.open(config(azurite.serviceUrl(), container, Optional.of(Azurite.KEY)), null, clock, http());
    }

    /** A storage signing user-delegation SAS with an Entra ID token (one the emulator's basic OAuth takes). */
    AzureStorage userDelegation(String container, Clock clock, String objectId) {
        // the token is the identity's, valid now whatever instant the storage signs at
        TokenCredential token = request -> Mono.just(new AccessToken(Azurite.token(objectId, java.time.Instant.now()),
                OffsetDateTime.now().plusHours(1)));
        return AzureStorage.open(config(azurite.serviceUrl(), container, Optional.empty()), token, clock, http());
    }

    HttpClient http() {
        java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder();
        if (azurite.trust() != null) {
            builder.sslContext(azurite.trust());
        }
        return new JdkHttpClientBuilder(builder).build();
    }

    /** The test's own view of the emulator, with the account key: creates containers, reads what was written. */
    BlobServiceClient admin() {
        return new BlobServiceClientBuilder().endpoint(azurite.serviceUrl().toString()).httpClient(http())
                .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY)).buildClient();
    }

    String newContainer() {
        String name = "c" + CONTAINERS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin().createBlobContainer(name);
        return name;
    }

    /** Sends a request as a client of the signed URL would: exactly the headers given. */
    HttpResponse<byte[]> send(String method, URI url, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (azurite.trust() != null) {
            builder.sslContext(azurite.trust());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        // the JDK sets Content-Length from the body itself and refuses the header; a wrong one is tested by a wrong body
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                request.header(name, value);
            }
        });
        return builder.build().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
