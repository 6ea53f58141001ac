package io.dataproxy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.ArtifactResult;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.DatasetResult;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.formatter.AvroJson;
import io.dataproxy.wire.CommandPosition;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;

/**
 * Reads of the catalog over its HTTP read path (docs/catalog.md, "Reads from the store"): GetArtifact, ListArtifacts
 * and GetDataset answered from the stores of the instance that owns the dataset, any instance's URL will do. The same
 * answers as {@link CatalogClient}'s, whose Kafka path stays for clients that only speak Kafka: an error fails the
 * future with {@link RequestFailed} and its code; an instance that cannot answer now (a rebalance) is asked again as
 * its {@code Retry-After} says, within the timeout, then {@code UNAVAILABLE} fails it with {@link ReadUnavailable}.
 *
 * <p>Read-your-writes: pass the {@link Written#position()} of a write ({@link CatalogClient#createArtifactAt}) and
 * the read is answered once the owner has applied that write, or fails with {@code DEADLINE_EXCEEDED}.
 */
public final class CatalogReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(1);

    /**
     * Requests in flight at most; more wait in {@link #waiting}. The JDK's client opens a connection per concurrent
     * request: unbounded, a burst that slows the server opens more connections, which slow it more (measured: 5,000
     * connections and seconds of latency at 1,000 reads/s on a busy 2-core machine). 32 was too few: a warm-up's
     * slow first answers built a backlog that never drained.
     */
    static final int MAX_IN_FLIGHT = 256;

    private final HttpClient http;
    private final String base;
    private final Duration timeout;
    private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    /**
     * @param url     the read path of any catalog instance, e.g. {@code http://catalog:8090}
     * @param timeout how long a read may take (and wait for a position), plus a second for its answer to arrive
     */
    public CatalogReader(URI url, Duration timeout) {
        String text = url.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public CompletableFuture<Dataset> getDataset(DatasetId dataset, CommandPosition after) {
        return get("/catalog/v1/dataset", dataset(dataset), after, DatasetResult.getClassSchema())
                .thenApply(result -> ((DatasetResult) result).getDataset());
    }

    /**
     * @param maxAge {@code null}: any age
     * @param after  {@code null}: do not wait for a write
     */
    public CompletableFuture<Artifact> getArtifact(ArtifactRef artifact, Duration maxAge, CommandPosition after) {
        List<String> parameters = dataset(artifact.dataset());
        add(parameters, "artifact_id", artifact.artifactId());
        add(parameters, "tag", artifact.tagName());
        add(parameters, "max_age", maxAge == null ? null : maxAge.toMillis() + "ms");
        return get("/catalog/v1/artifact", parameters, after, ArtifactResult.getClassSchema())
                .thenApply(result -> ((ArtifactResult) result).getArtifact());
    }

    public CompletableFuture<Artifact> getArtifact(ArtifactRef artifact, Duration maxAge) {
        return getArtifact(artifact, maxAge, null);
    }

    /** One page, as {@link CatalogClient#listArtifacts}. */
    public CompletableFuture<ArtifactPage> listArtifacts(ListArtifacts query, CommandPosition after) {
        List<String> parameters = dataset(query.getDataset());
        add(parameters, "tag", query.getTagName());
        query.getPartitions().forEach((key, value) -> add(parameters, "partition", key + "=" + value));
        add(parameters, "limit", Integer.toString(query.getLimit()));
        add(parameters, "page_token", query.getPageToken());
        return get("/catalog/v1/artifacts", parameters, after, ArtifactPage.getClassSchema()).thenApply(ArtifactPage.class::cast);
    }

    private CompletableFuture<Object> get(String path, List<String> parameters, CommandPosition after, Schema result) {
        if (after != null) {
            add(parameters, "after", after.toString());
            add(parameters, "wait", timeout.toMillis() + "ms"); // the server caps it to its catalog.read.maxWait
        }
        URI uri = URI.create(base + path + "?" + String.join("&", parameters));
        return attempt(uri, result, System.nanoTime() + timeout.toNanos());
    }

    private CompletableFuture<Object> attempt(URI uri, Schema result, long deadline) {
        // a read that waits for a position is answered when its wait (the timeout) ends: leave room for that answer
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout.plus(ANSWER_MARGIN))
                .header("Accept", "application/json").GET().build();
        return send(request).thenCompose(response -> {
            if (response.statusCode() == 503) {
                long retryAfter = response.headers().firstValue("Retry-After").map(CatalogReader::seconds).orElse(1L);
                if (System.nanoTime() + TimeUnit.SECONDS.toNanos(retryAfter) < deadline) {
                    return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(retryAfter, TimeUnit.SECONDS))
                            .thenCompose(ignored -> attempt(uri, result, deadline));
                }
            }
            return CompletableFuture.completedFuture(decode(response, result));
        });
    }

    /**
     * Sends when one of {@link #MAX_IN_FLIGHT} slots is free, in the order asked; a request that waited for a slot
     * past its timeout fails with a {@link java.util.concurrent.TimeoutException} and is not sent.
     */
    private CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> response = new CompletableFuture<HttpResponse<byte[]>>()
                .orTimeout(timeout.plus(ANSWER_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        waiting.add(() -> {
            if (response.isDone()) {
                slots.release(); // timed out while it waited; the loop that ran this goes on with the next
                return;
            }
            http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, failure) -> {
                slots.release();
                startWaiting();
                if (failure != null) {
                    response.completeExceptionally(failure);
                } else {
                    response.complete(r);
                }
            });
        });
        startWaiting();
        return response;
    }

    private void startWaiting() {
        while (!waiting.isEmpty() && slots.tryAcquire()) {
            Runnable next = waiting.poll();
            if (next == null) {
                slots.release(); // another thread took it: look again, something may have come meanwhile
                continue;
            }
            next.run();
        }
    }

    private static Object decode(HttpResponse<byte[]> response, Schema result) {
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CompletionException(new RequestFailed(ErrorCode.INTERNAL, "HTTP " + response.statusCode()
                    + " from " + response.uri().getHost() + " is not the catalog's JSON"));
        }
        if (response.statusCode() == 200) {
            return AvroJson.read(json, result);
        }
        String code = json.path("code").asText("");
        String message = json.path("message").asText("HTTP " + response.statusCode());
        if (response.statusCode() == 503) {
            throw new ReadUnavailable(message);
        }
        ErrorCode errorCode;
        try {
            errorCode = ErrorCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            errorCode = ErrorCode.INTERNAL;
        }
        throw new RequestFailed(errorCode, message);
    }

    private static List<String> dataset(DatasetId id) {
        List<String> parameters = new ArrayList<>();
        if (!id.getOrg().isEmpty()) {
            add(parameters, "org", id.getOrg());
        }
        add(parameters, "project", id.getProject());
        add(parameters, "domain", id.getDomain());
        add(parameters, "name", id.getName());
        add(parameters, "version", id.getVersion());
        return parameters;
    }

    private static void add(List<String> parameters, String name, String value) {
        if (value != null) {
            parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static long seconds(String text) {
        try {
            return Math.max(0, Math.min(10, Long.parseLong(text.trim())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
