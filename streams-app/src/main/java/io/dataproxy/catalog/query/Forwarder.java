package io.dataproxy.catalog.query;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a read on, once, to the instance that owns its dataset, and hands back that instance's answer as it is. The
 * request carries {@value #FORWARDED_BY}: an instance that receives a forwarded read for a dataset it does not own
 * either (the two disagree during a rebalance) answers 503 instead of forwarding again, so a read never loops.
 *
 * <p>At most {@link #MAX_IN_FLIGHT} reads are forwarded at once; one more is answered 503 at once. The HTTP client
 * opens a connection per concurrent request: without the bound, a burst of reads for datasets owned elsewhere would
 * open as many sockets, taking file descriptors this process's RocksDB and Kafka clients need.
 */
final class Forwarder {

    /** Request header of a forwarded read: the {@code host:port} of the instance that forwarded it. */
    static final String FORWARDED_BY = "Dataproxy-Forwarded-By";

    /** Reads forwarded at once, from one instance; the owner's own bound is {@code catalog.read.maxConnections}. */
    static final int MAX_IN_FLIGHT = 256;

    private final HttpClient http;
    private final String self;
    private final Semaphore inFlight;

    Forwarder(String self, Duration connectTimeout) {
        this(self, connectTimeout, MAX_IN_FLIGHT);
    }

    Forwarder(String self, Duration connectTimeout, int maxInFlight) {
        this.self = self;
        this.inFlight = new Semaphore(maxInFlight);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    /**
     * @param pathAndQuery the read's raw path and query, as this instance received them
     * @return the owner's answer, or 503 when it does not answer in time; never fails
     */
    CompletableFuture<ReadReply> forward(HostInfo owner, String pathAndQuery, Duration timeout) {
        String target = owner.host() + ":" + owner.port();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create("http://" + target + pathAndQuery)).timeout(timeout)
                    .header(FORWARDED_BY, self).GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(unanswered(target, e));
        }
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.completedFuture(ReadReply.unavailable("this instance is forwarding as many reads as it "
                    + "may at once to the instances that own their datasets; retry, or ask the owner (" + target + ")"));
        }
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            inFlight.release();
            return CompletableFuture.completedFuture(unanswered(target, e));
        }
        return sent.handle((response, error) -> {
            inFlight.release();
            if (error != null) {
                return unanswered(target, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            }
            Integer retryAfter = response.headers().firstValue("Retry-After").map(Forwarder::seconds).orElse(null);
            return new ReadReply(response.statusCode(), response.body(), retryAfter,
                    response.headers().firstValue(ReadHandler.SERVED_BY).orElse(target));
        });
    }

    private static ReadReply unanswered(String target, Throwable error) {
        return ReadReply.unavailable("the instance that owns the dataset (" + target + ") did not answer ("
                + error.getClass().getSimpleName() + "); retry");
    }

    private static Integer seconds(String text) {
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
