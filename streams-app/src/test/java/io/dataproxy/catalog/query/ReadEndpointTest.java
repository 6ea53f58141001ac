package io.dataproxy.catalog.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read path's HTTP server on its own, bound and not started (no Kafka): what it answers whatever it is sent.
 * Reads themselves, routing and waits are tested against a running catalog (the {@code it} package).
 */
class ReadEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ = "/catalog/v1/dataset?project=p&domain=d&name=n&version=v";

    private static final int MAX_CONNECTIONS = 16;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ReadEndpoint endpoint;

    @BeforeEach
    void bind() {
        endpoint = bind(MAX_CONNECTIONS);
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    @Test
    void answersUnavailableUntilStartedOnAKeptAliveConnection() throws Exception {
        assertThat(endpoint.port()).isPositive();
        assertThat(endpoint.url()).isEqualTo("http://127.0.0.1:" + endpoint.port());
        try (RawHttp http = new RawHttp(endpoint.port())) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response answer = http.get(READ).read();
                assertThat(answer.status()).isEqualTo(503);
                assertThat(answer.header("Retry-After")).isEqualTo("1");
                assertThat(answer.header("Content-Type")).isEqualTo("application/json");
                assertThat(answer.header("Dataproxy-Served-By")).isEqualTo("127.0.0.1:" + endpoint.port());
                assertThat(json(answer).path("code").asText()).isEqualTo("UNAVAILABLE");
            }
        }
        assertThat(answers("dataset", "503")).isEqualTo(3);
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheirOrder() throws Exception {
        try (RawHttp http = new RawHttp(endpoint.port())) {
            http.send("GET " + READ + " HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "DELETE " + READ + " HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "HEAD " + READ + " HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(503);
            RawHttp.Response delete = http.read();
            assertThat(delete.status()).isEqualTo(405);
            assertThat(delete.header("Allow")).isEqualTo("GET, HEAD");
            assertThat(json(delete).path("message").asText()).contains("GET and HEAD");
            RawHttp.Response head = http.read(true);
            assertThat(head.status()).isEqualTo(503);
            assertThat(Integer.parseInt(head.header("Content-Length"))).as("a HEAD tells the GET's length").isPositive();
            // the 503 of the last GET comes next: had the HEAD carried a body, its bytes would stand here instead
            assertThat(http.read().status()).isEqualTo(503);
        }
        assertThat(answers("dataset", "503")).isEqualTo(2);
        assertThat(answers("dataset", "405")).isEqualTo(1);
        assertThat(answers("other", "503")).as("an unknown path is timed as other, not as itself").isEqualTo(1);
        assertThat(registry.find(ReadMetrics.READS).timers()).hasSize(3);
    }

    @Test
    void whatIsNotAnHttpRequestGets400AndTheConnectionCloses() throws Exception {
        try (RawHttp http = new RawHttp(endpoint.port())) {
            RawHttp.Response answer = http.send("\u0000\u0001 garbage \u00ff\r\n\r\n").read();
            assertThat(answer.status()).isEqualTo(400);
            assertThat(json(answer).path("code").asText()).isEqualTo("INVALID_ARGUMENT");
            assertThat(answer.header("Connection")).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
        }
        try (RawHttp http = new RawHttp(endpoint.port())) {
            RawHttp.Response answer = http.get("/catalog/v1/dataset?name=" + "x".repeat(ReadEndpoint.MAX_REQUEST_LINE)).read();
            assertThat(answer.status()).isEqualTo(400);
            assertThat(json(answer).path("message").asText()).isNotBlank().hasSizeLessThan(1_000);
            assertThat(http.closedByServer()).isTrue();
        }
        try (RawHttp http = new RawHttp(endpoint.port())) {
            StringBuilder headers = new StringBuilder("GET " + READ + " HTTP/1.1\r\nHost: t\r\n");
            for (int i = 0; i < 1_000; i++) {
                headers.append("X-Filler-").append(i).append(": ").append("y".repeat(40)).append("\r\n");
            }
            assertThat(http.send(headers + "\r\n").read().status()).isEqualTo(400);
        }
        // and the server still answers
        try (RawHttp http = new RawHttp(endpoint.port())) {
            assertThat(http.get(READ).read().status()).isEqualTo(503);
        }
    }

    @Test
    void aClientThatDoesNotReadItsAnswersIsNotReadEither() throws Exception {
        // requests pipelined without reading an answer: the server stops reading them once the answers fill the socket,
        // rather than answering them all into its memory; once the client reads, every one is answered, in order
        int sent = 100_000;
        String thousand = ("GET " + READ + " HTTP/1.1\r\nHost: t\r\n\r\n").repeat(1_000);
        try (RawHttp http = new RawHttp(endpoint.port(), 16 * 1024)) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < sent / 1_000; i++) {
                        http.send(thousand);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            long answeredUnread = answersOnceSettled("dataset", "503");
            assertThat(answeredUnread).as("answers made while the client read none").isLessThan(sent / 2);

            for (int i = 0; i < sent; i++) {
                assertThat(http.read().status()).isEqualTo(503);
            }
            writing.get(30, TimeUnit.SECONDS);
        }
        assertThat(answers("dataset", "503")).isEqualTo(sent);
    }

    @Test
    void aConnectionOverTheLimitIsAnswered503AndClosedAndTheLimitFreesAsConnectionsClose() throws Exception {
        endpoint.close();
        endpoint = bind(2);
        try (RawHttp first = new RawHttp(endpoint.port()); RawHttp second = new RawHttp(endpoint.port())) {
            // answered: both are open on the server's side, not only accepted by the kernel
            assertThat(first.get(READ).read().body()).contains(NOT_ANSWERING);
            assertThat(second.get(READ).read().body()).contains(NOT_ANSWERING);
            for (int i = 0; i < 3; i++) {
                try (RawHttp third = new RawHttp(endpoint.port())) {
                    RawHttp.Response refused = third.read(); // before it sent anything
                    assertThat(refused.status()).isEqualTo(503);
                    assertThat(refused.header("Retry-After")).isEqualTo("1");
                    assertThat(refused.header("Connection")).isEqualTo("close");
                    assertThat(json(refused).path("code").asText()).isEqualTo("UNAVAILABLE");
                    assertThat(json(refused).path("message").asText()).contains("catalog.read.maxConnections");
                    assertThat(third.closedByServer()).isTrue();
                }
            }
            assertThat(registry.get(ReadMetrics.CONNECTIONS_REFUSED).counter().count()).isEqualTo(3);
            assertThat(second.get(READ).read().body()).as("the open ones are served all along").contains(NOT_ANSWERING);

            first.close();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> { // once the server saw the first close
                try (RawHttp again = new RawHttp(endpoint.port())) {
                    assertThat(again.get(READ).read().body()).contains(NOT_ANSWERING);
                }
            });
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithoutBufferingIt() throws Exception {
        try (RawHttp http = new RawHttp(endpoint.port())) {
            http.send("POST " + READ + " HTTP/1.1\r\nHost: t\r\nContent-Length: " + (ReadEndpoint.MAX_BODY + 1) + "\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(413);
        }
        try (RawHttp http = new RawHttp(endpoint.port())) {
            assertThat(http.send("POST " + READ + " HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}").read().status())
                    .isEqualTo(405);
        }
    }

    @Test
    void aTakenPortIsAStartupErrorNamingTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            ReadConfig config = new ReadConfig(true, taken.getLocalPort(), Optional.of("127.0.0.1"), Duration.ofSeconds(5),
                    Duration.ofSeconds(2), 2, MAX_CONNECTIONS);
            assertThatThrownBy(() -> ReadEndpoint.bind(config, null)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("catalog.read.port").hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    /** The count of answers once it stopped growing (it holds for a poll interval), waiting up to 30 s. */
    private long answersOnceSettled(String read, String status) {
        AtomicLong last = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long now = answers(read, status);
            return now > 0 && last.getAndSet(now) == now;
        });
        return last.get();
    }

    /** What the read path says before it has started: the body of a read that was let in. */
    private static final String NOT_ANSWERING = "not answering reads here yet";

    private ReadEndpoint bind(int maxConnections) {
        return ReadEndpoint.bind(new ReadConfig(true, 0, Optional.of("127.0.0.1"), Duration.ofSeconds(5),
                Duration.ofSeconds(2), 2, maxConnections), registry);
    }

    private long answers(String read, String status) {
        Timer timer = registry.find(ReadMetrics.READS).tag("read", read).tag("status", status).timer();
        return timer == null ? 0 : timer.count();
    }

    private static JsonNode json(RawHttp.Response answer) throws IOException {
        return JSON.readTree(answer.body());
    }
}
