package io.dataproxy.catalog.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.catalog.CatalogTopology;
import io.dataproxy.wire.CommandPosition;
import io.dataproxy.wire.LogSafe;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read: parsed ({@link ReadQuery}), routed to the instance that owns its dataset (Kafka Streams' key metadata
 * for the dataset key, the commands topic's record key), answered from the local stores ({@link LocalReads}) or
 * forwarded once ({@link Forwarder}). Never an exception to the caller: a malformed read is 400, a state that cannot
 * answer now (not RUNNING, a store migrating, a rebalance) is 503 {@code UNAVAILABLE} with {@code Retry-After}, a
 * position not applied in time is 504 {@code DEADLINE_EXCEEDED}. A malformed read logs one escaped line at INFO.
 */
final class ReadHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(ReadHandler.class);

    /** Response header: the {@code host:port} of the instance that answered (the owner, for a forwarded read). */
    static final String SERVED_BY = "Dataproxy-Served-By";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LocalReads local;
    private final ReadPositions positions;
    private final Forwarder forwarder;
    private final ReadConfig config;

    ReadHandler(KafkaStreams streams, HostInfo self, LocalReads local, ReadPositions positions, Forwarder forwarder,
                ReadConfig config) {
        this.streams = streams;
        this.self = self;
        this.local = local;
        this.positions = positions;
        this.forwarder = forwarder;
        this.config = config;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            send(exchange, method.equals("HEAD"), answer(exchange));
        }
    }

    private ReadReply answer(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath();
        if (!ReadQuery.PATHS.contains(path)) {
            return ReadReply.error(404, ErrorCode.NOT_FOUND.name(), "no such read; the read path answers "
                    + String.join(", ", ReadQuery.PATHS) + " (docs/wire-contract.md)");
        }
        try {
            ReadQuery query = ReadQuery.parse(path, QueryParameters.parse(uri.getRawQuery()), config.maxWait());
            return route(query, path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                    exchange.getRequestHeaders().getFirst(Forwarder.FORWARDED_BY));
        } catch (BadRead e) {
            log.info("catalog read refused ({}): {}", LogSafe.text(path), LogSafe.text(e.getMessage()));
            return ReadReply.invalid(e.getMessage());
        } catch (InvalidStateStoreException e) {
            return ReadReply.unavailable("the dataset's stores cannot be read here now (a rebalance or a restore); retry");
        } catch (RuntimeException e) {
            log.error("catalog read of {} failed: {}", LogSafe.text(path), LogSafe.text(String.valueOf(e)));
            return ReadReply.error(500, ErrorCode.INTERNAL.name(), "the read failed on this instance (" + e.getClass().getSimpleName() + ")");
        }
    }

    private ReadReply route(ReadQuery query, String pathAndQuery, String forwardedBy) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return ReadReply.unavailable("the catalog is " + state + ", not RUNNING; retry");
        }
        KeyQueryMetadata owner;
        try {
            owner = streams.queryMetadataForKey(CatalogTopology.ARTIFACTS_STORE, query.datasetKey(), Serdes.String().serializer());
        } catch (IllegalStateException e) {
            return ReadReply.unavailable("the catalog is " + streams.state() + ", not RUNNING; retry"); // it changed meanwhile
        }
        if (owner == null || owner.activeHost() == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return ReadReply.unavailable("no instance owns the dataset's partition now (a rebalance); retry");
        }
        if (!owner.activeHost().equals(self)) {
            if (forwardedBy != null) {
                return ReadReply.unavailable("forwarded here by " + LogSafe.text(forwardedBy) + ", but the dataset's partition "
                        + owner.partition() + " is not this instance's either (a rebalance is moving it); retry");
            }
            return forwarder.forward(owner.activeHost(), pathAndQuery, query.maxWait().plus(config.forwardTimeout()));
        }
        if (query.after().isPresent()) {
            ReadReply waited = await(query.after().get(), owner.partition(), query.maxWait());
            if (waited != null) {
                return waited;
            }
        }
        return ReadReply.of(local.answer(query, owner.partition()));
    }

    /** {@code null} once the position is applied, else the reply that says why not. */
    private ReadReply await(CommandPosition after, int partition, Duration wait) {
        if (after.partition() != partition) {
            return ReadReply.invalid("after names partition " + after.partition() + " of the commands topic, but the dataset "
                    + "lives in partition " + partition + ": a position is only waited for by reads of the dataset it wrote");
        }
        if (!positions.await(after, wait)) {
            return ReadReply.error(504, ErrorCode.DEADLINE_EXCEEDED.name(), "position " + after + " was not applied within "
                    + wait.toMillis() + " ms (applied up to offset " + positions.appliedUpTo(partition) + " of partition "
                    + partition + "); retry, or read without after");
        }
        return null;
    }

    private void send(HttpExchange exchange, boolean head, ReadReply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set(SERVED_BY, reply.servedBy() == null ? self.host() + ":" + self.port() : reply.servedBy());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (reply.retryAfterSeconds() != null) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(reply.retryAfterSeconds()));
        }
        if (head) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), reply.json().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.json());
        }
    }
}
