package io.dataproxy.storage.gcs;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small stub of Cloud Storage's JSON API on loopback (no GCS server runs in these tests): it answers
 * {@code METHOD raw-path} with the reply set for it, else 404 as the API does, and serves an access token at
 * {@code /token}, where a service-account key made with {@link #keyJson()} sends the SDK to trade its signed JWT.
 */
final class JsonApiStub implements AutoCloseable {

    record Reply(int status, String json) {
    }

    final Map<String, Reply> replies = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    JsonApiStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/token", exchange -> {
            byte[] body = "{\"access_token\":\"stub-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            requests.add(request);
            Reply reply = replies.getOrDefault(request, new Reply(404,
                    "{\"error\":{\"code\":404,\"message\":\"No such object\",\"errors\":[{\"reason\":\"notFound\"}]}}"));
            byte[] body = reply.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(reply.status(), reply.status() == 204 ? -1 : body.length);
            if (reply.status() != 204) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The test service account's key, its token_uri pointing here. */
    String keyJson() {
        return ServiceAccountKeys.json(endpoint() + "/token");
    }

    /** An object resource as the API returns it. */
    void object(String bucket, String encodedName, String md5Base64, Map<String, String> metadata) {
        StringBuilder meta = new StringBuilder();
        metadata.forEach((k, v) -> meta.append(meta.length() == 0 ? "" : ",").append('"').append(k).append("\":\"").append(v).append('"'));
        replies.put("GET /storage/v1/b/" + bucket + "/o/" + encodedName, new Reply(200, "{\"kind\":\"storage#object\",\"bucket\":\""
                + bucket + "\",\"name\":\"" + URLDecoder.decode(encodedName, StandardCharsets.UTF_8) + "\",\"etag\":\"CKih16GjycICEAE=\",\"md5Hash\":\"" + md5Base64 + "\",\"metadata\":{" + meta + "}}"));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
