package io.dataproxy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dataproxy.avro.url.UrlRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a scripted HTTP server that records what arrives. */
class RestSchemaRegistryClientTest {

    private static final String PASSWORD = "s3cr3t-p4ss";

    private HttpServer server;
    private String base;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, Response> script = new ConcurrentHashMap<>();

    private record Response(int status, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
        requests.add(request);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "" : auth);
        bodies.put(request, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Response response = script.getOrDefault(request, new Response(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"));
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(response.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void registersWithConfluentBodyAndCachesTheId() {
        script.put("POST /subjects/dataproxy.url.requests-value/versions", new Response(200, "{\"id\":7}"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(base);

        assertThat(client.register("dataproxy.url.requests-value", UrlRequest.getClassSchema())).isEqualTo(7);
        assertThat(client.register("dataproxy.url.requests-value", UrlRequest.getClassSchema())).isEqualTo(7);
        assertThat(client.schemaById(7)).isEqualTo(UrlRequest.getClassSchema());

        assertThat(requests).containsExactly("POST /subjects/dataproxy.url.requests-value/versions");
        assertThat(bodies.get(requests.get(0)))
                .isEqualTo("{\"schema\":" + TextNode.valueOf(UrlRequest.getClassSchema().toString()) + "}");
    }

    @Test
    void fetchesSchemasByIdOnceAndReportsUnknownIdsAsNotFound() {
        String schemaJson = TextNode.valueOf(UrlRequest.getClassSchema().toString()).toString();
        script.put("GET /schemas/ids/3", new Response(200, "{\"schema\":" + schemaJson + "}"));
        script.put("GET /schemas/ids/4", new Response(404, "{\"error_code\":40403,\"message\":\"Schema 4 not found\"}"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(base);

        assertThat(client.schemaById(3)).isEqualTo(UrlRequest.getClassSchema());
        assertThat(client.schemaById(3)).isEqualTo(UrlRequest.getClassSchema());
        assertThatThrownBy(() -> client.schemaById(4))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                })
                .hasMessage("GET " + base + "/schemas/ids/4 returned HTTP 404 (error_code 40403): Schema 4 not found");
        assertThat(requests).containsExactly("GET /schemas/ids/3", "GET /schemas/ids/4");
    }

    @Test
    void lookupOfAnUnregisteredSchemaIsNotFound() {
        script.put("POST /subjects/s-value", new Response(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(base);

        assertThatThrownBy(() -> client.idOf("s-value", UrlRequest.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue())
                .hasMessageContaining("Schema not found");
    }

    @Test
    void sendsUserInfoFromConfigAsBasicAuthAndNeverShowsThePassword() {
        script.put("POST /subjects/s-value/versions", new Response(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(List.of(base), "alice:" + PASSWORD,
                Duration.ofSeconds(2), Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.register("s-value", UrlRequest.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("error_code 401")
                .hasMessageNotContaining(PASSWORD);
        assertThat(authorizations).containsExactly(basic("alice:" + PASSWORD));
        assertThat(client.toString()).contains(base, "alice").doesNotContain(PASSWORD);
    }

    @Test
    void sendsUserInfoEmbeddedInTheUrlAndStripsItFromMessages() {
        String withUserInfo = base.replace("http://", "http://bob:" + PASSWORD + "@");
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(withUserInfo);

        assertThatThrownBy(() -> client.schemaById(99))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(base + "/schemas/ids/99")
                .hasMessageNotContaining(PASSWORD)
                .hasMessageNotContaining("bob");
        assertThat(authorizations).containsExactly(basic("bob:" + PASSWORD));
        assertThat(client.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void triesTheNextUrlWhenOneIsUnreachable() throws IOException {
        script.put("POST /subjects/s-value/versions", new Response(200, "{\"id\":1}"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(List.of(deadUrl() + "," + base), null,
                Duration.ofSeconds(2), Duration.ofSeconds(5));

        assertThat(client.register("s-value", UrlRequest.getClassSchema())).isEqualTo(1);
    }

    @Test
    void reportsEveryUrlFailingWithoutCredentials() throws IOException {
        String dead = deadUrl();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(List.of(dead.replace("http://", "http://u:" + PASSWORD + "@")),
                null, Duration.ofSeconds(2), Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
                    assertThat(e.isNotFound()).isFalse();
                })
                .hasMessageContaining(dead)
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aRegistryThatAcceptsButNeverAnswersFailsWithinTheTimeoutAndTheNextUrlAnswers() throws IOException {
        script.put("GET /schemas/ids/1", new Response(200, "{\"schema\":" + TextNode.valueOf(UrlRequest.getClassSchema().toString()) + "}"));
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the kernel accepts the connection into the backlog; nobody ever reads or answers
            String silentUrl = "http://127.0.0.1:" + silent.getLocalPort();
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(List.of(silentUrl + "," + base), null,
                    Duration.ofSeconds(2), Duration.ofMillis(300));

            assertThat(client.schemaById(1)).isEqualTo(UrlRequest.getClassSchema());

            RestSchemaRegistryClient silentOnly = new RestSchemaRegistryClient(List.of(silentUrl), null,
                    Duration.ofSeconds(2), Duration.ofMillis(300));
            assertThatThrownBy(() -> silentOnly.schemaById(2))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE))
                    .hasMessageContaining(silentUrl);
        }
    }

    private static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
