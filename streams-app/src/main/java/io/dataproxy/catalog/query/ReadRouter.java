package io.dataproxy.catalog.query;

import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.catalog.CatalogTopology;
import io.dataproxy.wire.CommandPosition;
import io.dataproxy.wire.LogSafe;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one read is answered, whatever carries it: parsed ({@link ReadQuery}), routed to the instance that owns its
 * dataset (Kafka Streams' key metadata for the dataset key, the commands topic's record key), answered from the local
 * stores ({@link LocalReads}) or forwarded once ({@link Forwarder}). Never an exception: a malformed read is 400, a
 * state that cannot answer now (not RUNNING, a store migrating, a rebalance) is 503 {@code UNAVAILABLE}, a position
 * not applied in time is 504 {@code DEADLINE_EXCEEDED}. A malformed read logs one escaped line at INFO.
 *
 * <p>The answer is complete when returned, unless the read must wait: for a position not applied yet (on
 * {@code waits}, whose threads block) or for the owner it was forwarded to (the HTTP client's own threads). So the
 * server answers most reads on the thread that read the request, without a hand-off.
 */
final class ReadRouter implements Reads {

    private static final Logger log = LoggerFactory.getLogger(ReadRouter.class);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LocalReads local;
    private final ReadPositions positions;
    private final Forwarder forwarder;
    private final ReadConfig config;
    private final ExecutorService waits;

    ReadRouter(KafkaStreams streams, HostInfo self, LocalReads local, ReadPositions positions, Forwarder forwarder,
               ReadConfig config, ExecutorService waits) {
        this.streams = streams;
        this.self = self;
        this.local = local;
        this.positions = positions;
        this.forwarder = forwarder;
        this.config = config;
        this.waits = waits;
    }

    @Override
    public CompletableFuture<ReadReply> answer(String target, String forwardedBy) {
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            log.info("catalog read refused: the request target is not a URI ({})", LogSafe.text(e.getReason()));
            return done(ReadReply.invalid("the request target is not a URI: " + LogSafe.text(e.getReason())));
        }
        String path = uri.getRawPath();
        if (path == null || !ReadQuery.PATHS.contains(path)) {
            return done(ReadReply.error(404, ErrorCode.NOT_FOUND.name(), "no such read; the read path answers "
                    + String.join(", ", ReadQuery.PATHS) + " (docs/wire-contract.md)"));
        }
        String rawQuery = uri.getRawQuery();
        return guarded(path, () -> {
            ReadQuery query = ReadQuery.parse(path, QueryParameters.parse(rawQuery), config.maxWait());
            return route(query, path + (rawQuery == null ? "" : "?" + rawQuery), forwardedBy);
        });
    }

    private CompletableFuture<ReadReply> route(ReadQuery query, String pathAndQuery, String forwardedBy) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return done(ReadReply.unavailable("the catalog is " + state + ", not RUNNING; retry"));
        }
        KeyQueryMetadata owner;
        try {
            owner = streams.queryMetadataForKey(CatalogTopology.ARTIFACTS_STORE, query.datasetKey(), Serdes.String().serializer());
        } catch (IllegalStateException e) {
            return done(ReadReply.unavailable("the catalog is " + streams.state() + ", not RUNNING; retry")); // it changed meanwhile
        }
        if (owner == null || owner.activeHost() == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return done(ReadReply.unavailable("no instance owns the dataset's partition now (a rebalance); retry"));
        }
        if (!owner.activeHost().equals(self)) {
            if (forwardedBy != null) {
                return done(ReadReply.unavailable("forwarded here by " + LogSafe.text(forwardedBy) + ", but the dataset's partition "
                        + owner.partition() + " is not this instance's either (a rebalance is moving it); retry"));
            }
            return forwarder.forward(owner.activeHost(), pathAndQuery, query.maxWait().plus(config.forwardTimeout()));
        }
        int partition = owner.partition();
        if (query.after().isPresent()) {
            CommandPosition after = query.after().get();
            if (after.partition() != partition) {
                return done(ReadReply.invalid("after names partition " + after.partition() + " of the commands topic, but the "
                        + "dataset lives in partition " + partition + ": a position is only waited for by reads of the dataset it wrote"));
            }
            if (!positions.appliedHere(after)) {
                return waitFor(after, query, partition);
            }
        }
        return done(ReadReply.of(local.answer(query, partition)));
    }

    /**
     * A read whose position this instance has not applied yet: it waits on {@code waits}, within its own deadline. Their
     * queue is bounded: beyond it a read is refused at once (503), not queued to time out behind the others.
     */
    private CompletableFuture<ReadReply> waitFor(CommandPosition after, ReadQuery query, int partition) {
        long deadline = System.nanoTime() + query.maxWait().toNanos();
        try {
            return CompletableFuture.supplyAsync(() -> guarded("a read after " + after, () -> {
                if (!positions.await(after, deadline)) {
                    return done(ReadReply.error(504, ErrorCode.DEADLINE_EXCEEDED.name(), "position " + after + " was not "
                            + "applied within " + query.maxWait().toMillis() + " ms (applied up to offset "
                            + positions.appliedUpTo(partition) + " of partition " + partition + "); retry, or read without after"));
                }
                return done(ReadReply.of(local.answer(query, partition)));
            }).join(), waits);
        } catch (RejectedExecutionException e) {
            return done(ReadReply.unavailable(waits.isShutdown() ? "the catalog is closing; retry"
                    : "too many reads wait for positions on this instance (" + ReadEndpoint.MAX_WAITING_PER_THREAD
                    + " per thread of catalog.read.threads); retry, or read without after"));
        }
    }

    /** Runs one step of a read, turning what it throws into the reply that says why. */
    private static CompletableFuture<ReadReply> guarded(String what, Supplier<CompletableFuture<ReadReply>> step) {
        try {
            return step.get();
        } catch (BadRead e) {
            log.info("catalog read refused ({}): {}", LogSafe.text(what), LogSafe.text(e.getMessage()));
            return done(ReadReply.invalid(e.getMessage()));
        } catch (InvalidStateStoreException e) {
            return done(ReadReply.unavailable("the dataset's stores cannot be read here now (a rebalance or a restore); retry"));
        } catch (RuntimeException e) {
            log.error("catalog read of {} failed: {}", LogSafe.text(what), LogSafe.text(String.valueOf(e)));
            return done(ReadReply.error(500, ErrorCode.INTERNAL.name(), "the read failed on this instance ("
                    + e.getClass().getSimpleName() + ")"));
        }
    }

    private static CompletableFuture<ReadReply> done(ReadReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
