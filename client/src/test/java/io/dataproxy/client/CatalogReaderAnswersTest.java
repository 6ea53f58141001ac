package io.dataproxy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.common.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CatalogReader} against a server that is not the catalog's read path (a wrong {@code --read-url}: another
 * service, a proxy's error page, something that answers without end): every read fails with a {@link RequestFailed}
 * that says so, nothing it received is thrown raw, and the reader goes on to read. The catalog's own answers are
 * tested against a running catalog (streams-app, {@code CatalogReaderTest}).
 */
class CatalogReaderAnswersTest {

    private static final String DATASET = "{\"dataset\": {\"id\": {\"project\": \"p\", \"domain\": \"d\", \"name\": \"n\", \"version\": \"v\"}}}";

    /** The answer by dataset name: status and body. */
    private static final Map<String, Map.Entry<Integer, byte[]>> ANSWERS = Map.of(
            "good", Map.entry(200, DATASET.getBytes(StandardCharsets.UTF_8)),
            "huge", Map.entry(200, new byte[CatalogReader.MAX_ANSWER_BYTES + 1]),
            "other-shape", Map.entry(200, "{\"dataset\": {\"id\": 5}}".getBytes(StandardCharsets.UTF_8)),
            "an-array", Map.entry(200, "[1, 2]".getBytes(StandardCharsets.UTF_8)),
            "empty", Map.entry(200, new byte[0]),
            "html-404", Map.entry(404, "<html><body>Not Found</body></html>".getBytes(StandardCharsets.UTF_8)),
            "code-not-ours", Map.entry(409, "{\"code\": \"CONFLICTING\", \"message\": \"m\"}".getBytes(StandardCharsets.UTF_8)));

    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private volatile boolean stopping;
    private HttpServer server;
    private CatalogReader reader;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String name = query.replaceAll(".*name=([^&]*).*", "$1");
            if (name.equals("trickle")) {
                trickle(exchange);
                return;
            }
            Map.Entry<Integer, byte[]> answer = ANSWERS.get(name);
            exchange.sendResponseHeaders(answer.getKey(), answer.getValue().length == 0 ? -1 : answer.getValue().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.getValue());
            } catch (IOException e) {
                // the reader hung up on an answer it would not read to the end
            }
        });
        server.setExecutor(handlers); // a trickling answer must not hold the others
        server.start();
        reader = new CatalogReader(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        stopping = true;
        reader.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void anAnswerTrickledWithoutEndIsCutOffAtTheReadsDeadline() throws Exception {
        // a byte every 20 ms: no socket read ever times out, yet the answer would take hours
        try (CatalogReader impatient = new CatalogReader(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofMillis(500))) {
            CompletableFuture<?> read = impatient.getDataset(dataset("trickle"), null);
            assertThatThrownBy(() -> read.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SocketTimeoutException.class).hasMessageContaining("no complete answer from 127.0.0.1");
            assertThat(impatient.getDataset(dataset("good"), null).join().getId().getName()).isEqualTo("n");
        }
    }

    /** Announces a long answer and sends it a byte at a time until the reader hangs up. */
    private void trickle(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 1_000_000);
        try (OutputStream out = exchange.getResponseBody()) {
            while (!stopping) {
                out.write('{');
                out.flush();
                Thread.sleep(20); // the pace of a trickling server, not a synchronisation
            }
        } catch (IOException | InterruptedException e) {
            // the reader hung up: what this server waits for
        }
    }

    @Test
    void anAnswerOverTheBoundIsRefusedUnreadAndTheReaderGoesOn() {
        assertThat(failure("huge")).satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).contains("longer than " + CatalogReader.MAX_ANSWER_BYTES).contains("not the catalog's");
        });
        for (int i = 0; i < CatalogReader.THREADS * 2; i++) { // every connection: none was left with an unread answer
            assertThat(reader.getDataset(dataset("good"), null).join().getId().getName()).isEqualTo("n");
        }
    }

    @Test
    void aBodyThatIsNotTheCatalogsAnswerIsAnErrorNamingIt() {
        for (String name : new String[] {"other-shape", "an-array", "empty"}) {
            RequestFailed failed = failure(name);
            assertThat(failed.code()).as(name).isEqualTo(ErrorCode.INTERNAL);
            assertThat(failed.getMessage()).as(name).contains("HTTP 200 from 127.0.0.1").contains("not the catalog's");
        }
        assertThat(failure("html-404").getMessage()).contains("HTTP 404").contains("not the catalog's JSON");
        assertThat(failure("code-not-ours").code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(reader.getDataset(dataset("good"), null).join().getId().getProject()).isEqualTo("p");
    }

    private RequestFailed failure(String name) {
        Throwable thrown = catchThrowable(() -> reader.getDataset(dataset(name), null).join());
        assertThat(thrown).as(name).isInstanceOf(CompletionException.class).cause().isInstanceOf(RequestFailed.class);
        return (RequestFailed) thrown.getCause();
    }

    private static DatasetId dataset(String name) {
        return DatasetId.newBuilder().setProject("p").setDomain("d").setName(name).setVersion("v").build();
    }
}
