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
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
public final class CatalogReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(1);

    /**
     * Reads run on this many threads, each a blocking exchange on a kept-alive connection (the JDK keeps up to
     * {@code http.maxConnections}, 5, per host); more wait in line. A read takes well under a millisecond of the
     * server's time, so four connections carry thousands a second, and a burst queues here instead of opening
     * connections that slow the server further. Why not {@code java.net.http.HttpClient}: on this path it carried
     * under 1,000 reads a second on a 2-core machine where four plain connections carried 5,000 (docs/benchmarks.md),
     * and its selector thread, blocked in native code, holds every exiting JVM for 300 ms (a CLI command's end).
     */
    static final int THREADS = 4;

    /**
     * An answer longer than this is refused unread: the catalog's are bounded by its replies' {@code max.request.size}
     * (a page is cut to fit), a few times that as JSON; a longer one is not the catalog's read path (a wrong URL).
     */
    static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;

    private final String base;
    private final Duration timeout;
    private final ExecutorService exchanges;
    private final ScheduledThreadPoolExecutor cutoffs;

    /**
     * @param url     the read path of any catalog instance, e.g. {@code http://catalog:8090}
     * @param timeout how long a read may take (and wait for a position), plus a second for its answer to arrive
     */
    public CatalogReader(URI url, Duration timeout) {
        String text = url.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.timeout = timeout;
        AtomicInteger threads = new AtomicInteger();
        this.exchanges = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "catalog-reader-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.cutoffs = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "catalog-reader-cutoff");
            t.setDaemon(true);
            return t;
        });
        cutoffs.setRemoveOnCancelPolicy(true); // most exchanges end long before their cut-off
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
        return send(uri).thenCompose(response -> {
            if (response.status() == 503) {
                long retryAfter = response.retryAfterSeconds();
                if (System.nanoTime() + TimeUnit.SECONDS.toNanos(retryAfter) < deadline) {
                    return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(retryAfter, TimeUnit.SECONDS))
                            .thenCompose(ignored -> attempt(uri, result, deadline));
                }
            }
            return CompletableFuture.completedFuture(decode(response, result));
        });
    }

    /**
     * Sends on one of the {@link #THREADS}, in the order asked; a request that waited in line past its timeout fails
     * with a {@link TimeoutException} and is not sent.
     */
    private CompletableFuture<Answer> send(URI uri) {
        long answerBy = System.nanoTime() + timeout.plus(ANSWER_MARGIN).toNanos();
        CompletableFuture<Answer> response = new CompletableFuture<>();
        try {
            exchanges.execute(() -> {
                if (System.nanoTime() - answerBy >= 0) {
                    response.completeExceptionally(new TimeoutException("no thread was free to send the read within " + timeout));
                    return;
                }
                try {
                    response.complete(exchange(uri));
                } catch (IOException e) {
                    response.completeExceptionally(e); // the IOException itself: callers tell "cannot be reached" by it
                } catch (RuntimeException e) {
                    response.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            response.completeExceptionally(new IllegalStateException("the reader is closed"));
        }
        return response;
    }

    /**
     * One exchange on a kept-alive connection, cut off at its deadline: the socket's read timeout bounds each read of
     * it, not the whole, so a server that trickles its answer (a wrong URL, a broken proxy) would hold the thread.
     */
    private Answer exchange(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        Duration allowed = timeout.plus(ANSWER_MARGIN);
        Cutoff cutoff = new Cutoff(connection);
        ScheduledFuture<?> scheduled = cutoffs.schedule(cutoff, allowed.toNanos(), TimeUnit.NANOSECONDS);
        try {
            // a read that waits for a position is answered when its wait (the timeout) ends: leave room for that answer
            connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, allowed.toMillis()));
            connection.setInstanceFollowRedirects(false);
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] body = in == null ? new byte[0] : in.readNBytes(MAX_ANSWER_BYTES + 1);
            cutoff.finish();
            if (body.length > MAX_ANSWER_BYTES) {
                connection.disconnect(); // the rest is not read: this connection cannot carry another exchange
                throw new RequestFailed(ErrorCode.INTERNAL, "HTTP " + status + " from " + uri.getHost() + " is longer than "
                        + MAX_ANSWER_BYTES + " bytes: not the catalog's read path");
            }
            if (in != null) {
                in.close(); // hands the connection back to the keep-alive cache: after finish(), so no cut-off reaches it there
            }
            return new Answer(status, uri.getHost(), connection.getHeaderField("Retry-After"), body);
        } catch (IOException e) {
            boolean cut = cutoff.finish();
            connection.disconnect(); // a broken connection must not go back to the keep-alive cache
            if (cut) {
                throw new SocketTimeoutException("no complete answer from " + uri.getHost() + " within " + allowed.toMillis() + " ms");
            }
            throw e;
        } finally {
            scheduled.cancel(false);
        }
    }

    /** Disconnects an exchange still running at its deadline; once it has finished, it leaves the connection alone. */
    private static final class Cutoff implements Runnable {

        private final HttpURLConnection connection;
        private boolean finished;
        private boolean cut;

        Cutoff(HttpURLConnection connection) {
            this.connection = connection;
        }

        @Override
        public synchronized void run() {
            if (!finished) {
                cut = true;
                connection.disconnect(); // closes the socket: the exchange's blocked read ends with an IOException
            }
        }

        /** @return whether the exchange was cut off before it finished */
        synchronized boolean finish() {
            finished = true;
            return cut;
        }
    }

    /** Stops the reader's threads; reads not yet sent fail. */
    @Override
    public void close() {
        exchanges.shutdownNow();
        cutoffs.shutdownNow();
    }

    private record Answer(int status, String host, String retryAfter, byte[] body) {
        long retryAfterSeconds() {
            return retryAfter == null ? 1L : seconds(retryAfter);
        }
    }

    private static Object decode(Answer response, Schema result) {
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CompletionException(new RequestFailed(ErrorCode.INTERNAL, "HTTP " + response.status()
                    + " from " + response.host() + " is not the catalog's JSON"));
        }
        if (response.status() == 200) {
            try {
                return AvroJson.read(json, result);
            } catch (RuntimeException e) { // fields missing or of other types: what AvroJson says is wrong, never the body
                throw new CompletionException(new RequestFailed(ErrorCode.INTERNAL, "HTTP 200 from " + response.host()
                        + " is not the catalog's " + result.getName() + " (" + e.getClass().getSimpleName() + ")"));
            }
        }
        String code = json.path("code").asText("");
        String message = json.path("message").asText("HTTP " + response.status());
        if (response.status() == 503) {
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
