package io.dataproxy.catalog.it;

import static io.dataproxy.catalog.it.CatalogEndToEndTest.dataset;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests an attacker or a confused client sends: each gets a 4xx with a JSON {@code code} and {@code message},
 * never a 500 or a stack trace, and the catalog keeps answering.
 */
@ExtendWith(DataproxyInfraExtension.class)
class ReadPathHostileTest {

    private final Infra infra;

    ReadPathHostileTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void malformedReadsAreRefusedWithACode() throws Exception {
        try (CatalogHarness catalog = CatalogHarness.start(infra, ReadPathTest.READS)) {
            DatasetId task = dataset("hostile");
            catalog.client().createDataset(Dataset.newBuilder().setId(task).build()).join();
            String base = catalog.readUrl();
            String ds = HttpReads.dataset(task);

            assertRefused(HttpReads.get(base + "/"), 404, "NOT_FOUND");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact/../dataset?" + ds), 404, "NOT_FOUND");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifactz?" + ds), 404, "NOT_FOUND");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact?" + ds + "&artifact_id=a&color=red"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact?" + ds + "&artifact_id=a&artifact_id=b"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact?project=p&artifact_id=a"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact?" + ds + "&artifact_id=a&max_age=forever"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact?" + ds + "&artifact_id=a&max_age=99999999999999h"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifacts?" + ds + "&limit=1e9"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifacts?" + ds + "&limit=99999999999"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifacts?" + ds + "&limit=5000"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifacts?" + ds + "&partition=novalue"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifacts?" + ds + "&page_token=%00garbage"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact?" + ds + "&artifact_id=a&after=1:x"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact?" + ds + "&artifact_id=a&after=-1:5"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact?" + ds + "&artifact_id=a&wait=1s"), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact?" + ds + "&artifact_id=" + "x".repeat(20_000)), 400, "INVALID_ARGUMENT");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact?" + ds + "&artifact_id=a" + "&p=1".repeat(100)), 400, "INVALID_ARGUMENT");
            // control characters and invalid UTF-8 in names: answered by the rules, like any other name
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact?" + ds + "&artifact_id=%0Aforged%20log%20line%00"), 404, "NOT_FOUND");
            assertRefused(HttpReads.get(base + "/catalog/v1/artifact?" + ds + "&tag=%C3%28%FF"), 404, "NOT_FOUND");
            assertRefused(HttpReads.get(base + "/catalog/v1/dataset?" + HttpReads.dataset(dataset("%0D\u202Ex"))), 404, "NOT_FOUND");
            assertRefused(HttpReads.get(base + "/catalog/v1/dataset?project=&domain=d&name=n&version=v"), 400, "INVALID_ARGUMENT");

            HttpReads.Answer post = HttpReads.send(HttpRequest.newBuilder(URI.create(base + "/catalog/v1/dataset?" + ds))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.response().headers().firstValue("Allow")).contains("GET, HEAD");

            // a broken percent-escape the JDK's client would not send: the server itself refuses the request line
            try (Socket socket = new Socket("localhost", URI.create(base).getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /catalog/v1/dataset?project=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(statusLine).startsWith("HTTP/1.1 4");
            }

            // and it still answers
            HttpReads.Answer fine = HttpReads.get(base + "/catalog/v1/dataset?" + ds);
            assertThat(fine.status()).isEqualTo(200);
            assertThat(fine.json().path("dataset").path("id").path("name").asText()).isEqualTo(task.getName());
        }
    }

    private static void assertRefused(HttpReads.Answer answer, int status, String code) {
        String context = answer.response().uri().toString();
        context = context.length() > 200 ? context.substring(0, 200) + "..." : context;
        assertThat(answer.status()).as(context + " " + answer.json()).isEqualTo(status);
        assertThat(answer.code()).as(context).isEqualTo(code);
        assertThat(answer.json().path("message").asText()).as(context).isNotBlank().doesNotContain("\tat ", "Exception");
        assertThat(answer.response().headers().firstValue("Content-Type")).contains("application/json");
    }
}
