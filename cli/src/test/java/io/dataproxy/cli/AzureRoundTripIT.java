package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.dataproxy.client.UrlClient;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.storage.azure.Azurite;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upload}, {@code link} and {@code download} with the signer on the azure backend, against Azurite (Microsoft's
 * emulator, which checks SAS signatures). Its own JVM (failsafe): the CLI talks to the default topics, and the
 * surefire JVM's signer there is an S3 one.
 */
@ExtendWith(DataproxyInfraExtension.class)
class AzureRoundTripIT {

    private static final String CONTAINER = "flyte";

    private final Infra infra;

    AzureRoundTripIT(Infra infra) {
        this.infra = infra;
    }

    @Test
    void uploadLinkAndDownloadGoThroughAzureSasUrls(@TempDir Path dir) throws Exception {
        Azurite azurite = Azurite.plain();
        new BlobServiceClientBuilder().endpoint(azurite.serviceUrl().toString())
                .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY)).buildClient()
                .createBlobContainerIfNotExists(CONTAINER);
        try (SignerWorker signer = TestServices.startSigner(infra, UrlClient.REQUEST_TOPIC, UrlClient.REPLY_TOPIC, Map.of(
                "STORAGE_TYPE", "azure",
                "STORAGE_CONTAINER", CONTAINER,
                "STORAGE_CONNECTION_ENDPOINT", azurite.serviceUrl().toString(),
                "STORAGE_STOW_CONFIG_ACCOUNT", Azurite.ACCOUNT,
                "STORAGE_STOW_CONFIG_KEY", Azurite.KEY))) {
            Path file = dir.resolve("hello.txt");
            Files.writeString(file, "hello from the CLI, through a SAS\n");

            Cli.Result upload = Cli.against(infra, "upload", file.toString(), "--project", "flytesnacks", "--domain", "development");
            assertThat(upload.exitCode()).as(upload.err()).isZero();
            String nativeUrl = upload.out().trim();
            assertThat(nativeUrl).startsWith("abfs://" + CONTAINER + "/uploads/flytesnacks/development/").endsWith("/hello.txt");

            Cli.Result link = Cli.against(infra, "link", nativeUrl);
            assertThat(link.exitCode()).as(link.err()).isZero();
            URI signed = URI.create(link.out().trim());
            assertThat(signed.getQuery()).contains("sig=").contains("sp=r");
            HttpResponse<String> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(signed).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(Files.readString(file));

            Path copy = dir.resolve("copy.txt");
            Cli.Result download = Cli.against(infra, "download", nativeUrl, "-o", copy.toString());
            assertThat(download.exitCode()).as(download.err()).isZero();
            assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(file));

            Cli.Result foreign = Cli.against(infra, "link", "s3://" + CONTAINER + "/uploads/x.txt");
            assertThat(foreign.exitCode()).as("an s3:// URL to an azure signer").isEqualTo(1);
        }
    }
}
