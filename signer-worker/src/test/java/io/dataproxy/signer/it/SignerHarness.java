package io.dataproxy.signer.it;

import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.client.UrlClient;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.testkit.Infra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One signer worker on the shared test infrastructure, with its own topics, consumer group and
 * bucket, and a {@link UrlClient} to talk to it.
 */
final class SignerHarness implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final Infra infra;
    final String requests;
    final String replies;
    final String bucket;
    final String group;
    private final Map<String, String> env;
    private SignerWorker worker;
    private SignerWorkerMain.Served served;
    private UrlClient client;

    private SignerHarness(Infra infra, String storageType, Map<String, String> overrides) {
        this.infra = infra;
        this.requests = infra.uniqueName("url-requests");
        this.replies = infra.uniqueName("url-replies");
        this.bucket = infra.uniqueName("bucket");
        this.group = infra.uniqueName("signer");
        infra.createTopics(3, requests, replies, requests + "-dlt");
        infra.s3().createBucket(bucket);
        env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers(),
                "KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString(),
                "SIGNER_REQUEST_TOPIC", requests,
                "SIGNER_REPLY_TOPIC", replies,
                "SIGNER_GROUP_ID", group,
                "STORAGE_TYPE", storageType,
                "STORAGE_CONTAINER", bucket,
                "STORAGE_CONNECTION_ENDPOINT", infra.s3Endpoint().toString(),
                "STORAGE_CONNECTION_ACCESS_KEY", infra.s3AccessKey(),
                "STORAGE_CONNECTION_SECRET_KEY", infra.s3SecretKey()));
        env.put("STORAGE_CONNECTION_REGION", infra.s3Region());
        env.put("DATAPROXY_UPLOAD_MAX_SIZE", "1Mi");
        env.putAll(overrides);
    }

    static SignerHarness start(Infra infra, String storageType) {
        return start(infra, storageType, Map.of());
    }

    static SignerHarness start(Infra infra, String storageType, Map<String, String> overrides) {
        SignerHarness harness = new SignerHarness(infra, storageType, overrides);
        harness.startWorker();
        return harness;
    }

    SignerWorker startWorker() {
        worker = SignerWorkerMain.start(SignerConfig.load(null, env), Clock.systemUTC());
        await().atMost(TIMEOUT).until(worker::isReady);
        return worker;
    }

    /** As {@code main} runs it: with metrics and the health endpoint on a free port. Does not wait for readiness. */
    SignerWorkerMain.Served serve() {
        Map<String, String> withHealth = new HashMap<>(env);
        withHealth.put("HEALTH_PORT", "0");
        served = SignerWorkerMain.serve(SignerConfig.load(null, withHealth), Clock.systemUTC());
        worker = served.worker();
        return served;
    }

    static SignerHarness served(Infra infra, String storageType) {
        return served(infra, storageType, Map.of());
    }

    static SignerHarness served(Infra infra, String storageType, Map<String, String> overrides) {
        SignerHarness harness = new SignerHarness(infra, storageType, overrides);
        harness.serve();
        return harness;
    }

    SignerWorkerMain.Served served() {
        return served;
    }

    SignerWorker worker() {
        return worker;
    }

    UrlClient client() {
        if (client == null) {
            client = new UrlClient(infra.kafkaClientProps(), requests, replies);
        }
        return client;
    }

    UrlReply call(Object body) {
        return client().request(UrlRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setBody(body).build(), TIMEOUT)
                .join();
    }

    Map<String, Object> kafkaProps() {
        return infra.kafkaClientProps();
    }

    /** Records on the request topic the worker's group has not committed past (all of them before its first commit). */
    long lag() throws Exception {
        return Lag.of(infra.admin(), group, requests);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (served != null) {
            served.close();
        }
        if (worker != null && (served == null || worker != served.worker())) {
            worker.close(); // started on its own, or again after the served one
        }
    }

    // ---- HTTP against the S3 server, as a client of the signed URLs would ----------------------

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * PUTs {@code body} with {@code headers} (Content-Length is set by the HTTP client from the body).
     * s3proxy closes the connection when it refuses a PUT early, so the client may see an I/O error
     * instead of the status; one retry on a fresh connection gets the status.
     */
    static HttpResponse<String> put(String url, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                request.header(name, value);
            }
        });
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException first) {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
