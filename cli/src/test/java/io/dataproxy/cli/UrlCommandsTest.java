package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.cli.SignerExtension.RunningSigner;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({DataproxyInfraExtension.class, SignerExtension.class})
class UrlCommandsTest {

    private final Infra infra;

    UrlCommandsTest(Infra infra, RunningSigner signer) {
        this.infra = infra;
    }

    @Test
    void uploadThenDownloadGivesTheSameBytes(@TempDir Path dir) throws Exception {
        byte[] content = new byte[700_000];
        new Random(42).nextBytes(content);
        Path file = Files.write(dir.resolve("model.bin"), content);

        Cli.Result upload = Cli.against(infra, "upload", file.toString(), "--project", "flytesnacks", "--domain", "development");
        assertThat(upload.exitCode()).as(upload.toString()).isZero();
        String nativeUrl = upload.out().strip();
        assertThat(nativeUrl).startsWith("s3://" + SignerExtension.BUCKET + "/").endsWith("/model.bin");
        assertThat(upload.err()).as("plain progress lines when not on a terminal").contains("upload model.bin: done");

        Path copy = dir.resolve("copy.bin");
        Cli.Result download = Cli.against(infra, "download", nativeUrl, "-o", copy.toString());
        assertThat(download.exitCode()).as(download.toString()).isZero();
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);

        Cli.Result again = Cli.against(infra, "download", nativeUrl, "-o", copy.toString());
        assertThat(again.exitCode()).as("an existing file is not overwritten without --force").isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err().strip()).contains("--force").doesNotContain("\n");
    }

    @Test
    void linkPrintsASignedUrlThatServesTheObject(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello, dataproxy");
        Cli.Result upload = Cli.against(infra, "upload", file.toString(), "--project", "p", "--domain", "d",
                "--name", "greetings/hello.txt", "--json", "--no-progress");
        assertThat(upload.exitCode()).as(upload.toString()).isZero();
        JsonNode uploaded = Json.MAPPER.readTree(upload.out());
        assertThat(uploaded.get("size").asLong()).isEqualTo(16);
        String nativeUrl = uploaded.get("native_url").asText();
        assertThat(nativeUrl).endsWith("/greetings/hello.txt");

        Cli.Result link = Cli.against(infra, "link", nativeUrl);
        assertThat(link.exitCode()).as(link.toString()).isZero();
        String signed = link.out().strip();
        assertThat(signed).startsWith(infra.s3Endpoint().toString());
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create(signed)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello, dataproxy");
    }

    @Test
    void errorsAreOneLineWithAnExitCode(@TempDir Path dir) throws Exception {
        Cli.Result missingObject = Cli.against(infra, "link", "s3://" + SignerExtension.BUCKET + "/no/such/object");
        assertThat(missingObject.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(missingObject.err()).contains("NOT_FOUND").hasLineCount(1);

        Cli.Result missingFile = Cli.against(infra, "upload", dir.resolve("absent").toString(), "--project", "p", "--domain", "d");
        assertThat(missingFile.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingFile.err()).contains("no such file").hasLineCount(1);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Cli.Result unreachable = Cli.run("link", "s3://b/k", "--bootstrap-servers", "127.0.0.1:" + closedPort, "--timeout", "2s");
        assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(unreachable.err()).contains("cannot reach Kafka at 127.0.0.1:" + closedPort)
                .contains("./dataproxy sandbox").hasLineCount(1);

        Cli.Result verbose = Cli.run("link", "s3://b/k", "--bootstrap-servers", "127.0.0.1:" + closedPort, "--timeout", "2s",
                "--verbose");
        assertThat(verbose.err()).as("--verbose adds the stack").contains("\tat io.dataproxy.cli.");
    }
}
