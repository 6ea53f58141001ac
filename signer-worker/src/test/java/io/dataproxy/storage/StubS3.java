package io.dataproxy.storage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An S3 endpoint that answers what a test tells it to, for the answers a real server will not give on demand
 * (an object lock's 403, a 503, throttling): per object key, a status and an S3 error code; every other key gets
 * S3's success (204 for a DELETE, 404 for a HEAD). It records the requests it got. The storage clients talk to it
 * over HTTP as to any S3 endpoint, so their own mapping of answers is what is tested.
 */
public final class StubS3 implements AutoCloseable {

    /** What a request received: its method and its path, decoded ({@code /bucket/key}). */
    public record Request(String method, String path) {
    }

    private record Answer(int status, String code) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();

    private StubS3(HttpServer server) {
        this.server = server;
    }

    public static StubS3 start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        StubS3 stub = new StubS3(server);
        server.createContext("/", stub::handle);
        server.start();
        return stub;
    }

    /** Requests for {@code key} (in any bucket) get {@code status} with the S3 error code {@code code}. */
    public StubS3 answer(String key, int status, String code) {
        answers.put(key, new Answer(status, code));
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> received() {
        return List.copyOf(received);
    }

    /** A storage client of {@code type} for bucket {@code bucket} on this endpoint. */
    public ObjectStorage storage(StorageConfig.Type type, String bucket) {
        return ObjectStorage.open(new StorageConfig(type, bucket, Set.of(bucket), Optional.of(endpoint()),
                StorageConfig.AuthType.ACCESSKEY, Optional.of(new StorageConfig.Credentials("AKIDSTUB", "stub-secret")),
                "us-east-1"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        received.add(new Request(method, path));
        exchange.getRequestBody().readAllBytes();
        String key = path.substring(path.indexOf('/', 1) + 1);
        Answer answer = answers.get(key);
        if (answer == null) {
            answer = method.equals("DELETE") ? new Answer(204, null) : new Answer(404, "NoSuchKey");
        }
        if (answer.status() < 300) {
            exchange.sendResponseHeaders(answer.status(), -1);
        } else if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(answer.status(), -1); // HEAD answers carry no body, so no error code
        } else {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + answer.code() + "</Code><Message>stub</Message>"
                    + "<Key>" + key + "</Key><RequestId>stub</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
