package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.ArtifactExpired;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.catalog.query.AppliedOffsets;
import io.dataproxy.wire.CommandPosition;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies catalog requests to the task's stores ({@link Catalog}) and purges what expired on a wall-clock
 * schedule ({@link ExpiryPurge}). Every command ends in one of: a {@link RoutedReply} (keyed like the request, then
 * the events, keyed by dataset key and stamped with their time, and the uri reference changes, keyed by uri, for the
 * repartition to {@link UriRefCounter}); or a {@link DeadLetterOutput}, without being executed, when it is poison
 * or its reply could go nowhere ({@link CommandTriage}). Both are written in the transaction that commits past it.
 * The reply carries the command's position ({@link CommandPosition}), and once the command is handled, whatever it
 * did, its offset is recorded in {@link AppliedOffsets} for the reads that wait for it.
 */
final class CommandProcessor implements Processor<String, ReceivedCommand, String, CatalogOutput> {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

    private final CatalogSettings settings;
    private final TopicLimits limits;
    private final AppliedOffsets applied;
    private ProcessorContext<String, CatalogOutput> context;
    private Catalog catalog;
    private ExpiryPurge purge;
    private CatalogState state;
    private KeyValueStore<String, ?> artifacts;
    private KeyValueStore<String, ?> reservations;
    private CatalogMetrics metrics;
    private ReplyRouter router;
    private ReplyWriter replies;
    private CommandTriage triage;

    CommandProcessor(CatalogSettings settings, TopicLimits limits, AppliedOffsets applied) {
        this.settings = settings;
        this.limits = limits;
        this.applied = applied;
    }

    @Override
    public void init(ProcessorContext<String, CatalogOutput> context) {
        this.context = context;
        this.artifacts = context.getStateStore(CatalogTopology.ARTIFACTS_STORE);
        this.reservations = context.getStateStore(CatalogTopology.RESERVATIONS_STORE);
        this.metrics = new CatalogMetrics(context.metrics(), context.taskId().toString());
        // Kafka Streams calls init() once the task's logged stores are restored, before its first record or tick
        DerivedIndexes.Rebuilt rebuilt = DerivedIndexes.rebuild(context.getStateStore(CatalogTopology.ARTIFACTS_STORE),
                context.getStateStore(CatalogTopology.RESERVATIONS_STORE), context.getStateStore(CatalogTopology.TAGS_STORE),
                context.getStateStore(CatalogTopology.EXPIRY_INDEX_STORE),
                context.getStateStore(CatalogTopology.LISTING_INDEX_STORE));
        log.info("Rebuilt the tag, expiry and listing indexes of task {} from {} artifacts and {} reservations in {} ms ({} old entries cleared)",
                context.taskId(), rebuilt.artifacts(), rebuilt.reservations(), rebuilt.millis(), rebuilt.cleared());
        this.state = new StoreCatalogState(
                context.getStateStore(CatalogTopology.DATASETS_STORE),
                context.getStateStore(CatalogTopology.ARTIFACTS_STORE),
                context.getStateStore(CatalogTopology.TAGS_STORE),
                context.getStateStore(CatalogTopology.RESERVATIONS_STORE),
                context.getStateStore(CatalogTopology.EXPIRY_INDEX_STORE),
                context.getStateStore(CatalogTopology.LISTING_INDEX_STORE));
        ReadOnlyKeyValueStore<String, Dataset> directory = context.getStateStore(CatalogTopology.DATASET_DIRECTORY_STORE);
        this.catalog = new Catalog(state, new StoreDatasetDirectory(directory), settings);
        this.purge = new ExpiryPurge(state, settings.expiryMaxPerTick());
        this.router = new ReplyRouter(settings.replyTopics(), limits, settings.maxRequestSize());
        this.replies = new ReplyWriter(settings.serdeConfig());
        this.triage = new CommandTriage(context, settings, limits, metrics);
        context.schedule(settings.expiryInterval(), PunctuationType.WALL_CLOCK_TIME, this::purgeExpired);
    }

    @Override
    public void process(Record<String, ReceivedCommand> record) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        try {
            process(record, source == null ? null : new CommandPosition(source.partition(), source.offset()));
        } finally {
            if (source != null) {
                applied.applied(source.partition(), source.offset());
            }
        }
    }

    @Override
    public void close() {
        applied.forget(context.taskId().partition());
    }

    private void process(Record<String, ReceivedCommand> record, CommandPosition position) {
        ReceivedCommand command = record.value();
        ReplyRouter.Route route = router.route(record.headers());
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        Headers replyHeaders = RoutedReply.headersFor(record.headers());
        if (position != null) {
            replyHeaders.add(CommandPosition.HEADER, position.toBytes());
        }
        if (command.isPoison()) {
            triage.deadLetter(record, command.poison());
            metrics.command("none", ErrorCode.INVALID_ARGUMENT.name());
            // the requester is told, when it can be: it named a correlation id and a topic the reply may go to
            if (route instanceof ReplyRouter.Target target && RequestReplyHeaders.correlationId(record.headers()).isPresent()
                    && ReplyEnvelope.of(key, "", replyHeaders).errorReplyBytes() <= target.maxBytes()) {
                CatalogReply reply = CatalogReply.newBuilder().setRequestId("").setBody(Error.newBuilder()
                        .setCode(ErrorCode.INVALID_ARGUMENT).setMessage("the request could not be decoded ("
                                + CommandTriage.reason(command.poison()) + "); it was sent to " + settings.deadLetterTopic())
                        .build()).build();
                context.forward(record.<CatalogOutput>withValue(replies.write(target, key, replyHeaders, reply))
                        .withHeaders(replyHeaders));
            }
            return;
        }
        CatalogRequest request = command.request();
        ReplyEnvelope envelope = ReplyEnvelope.of(key, request.getRequestId(), replyHeaders);
        ReplyRouter.Target target = triage.target(record, route, envelope);
        if (target == null) {
            return; // dead-lettered: not executed
        }
        Outcome outcome = execute(record, request, target, envelope);
        metrics.command(request.getBody() == null ? "none" : request.getBody().getClass().getSimpleName(),
                outcome.replyBody() instanceof Error error ? error.getCode().name() : "OK");
        CatalogReply reply = CatalogReply.newBuilder().setRequestId(request.getRequestId()).setBody(outcome.replyBody()).build();
        context.forward(record.<CatalogOutput>withValue(replies.write(target, key, replyHeaders, reply)).withHeaders(replyHeaders));
        emit(outcome);
    }

    private Outcome execute(Record<String, ReceivedCommand> record, CatalogRequest request, ReplyRouter.Target target,
                            ReplyEnvelope envelope) {
        if (Catalog.writes(request.getBody())) {
            int needed = envelope.writeBytes();
            if (needed > ReplyBudget.ENVELOPE_BYTES) {
                return Outcome.reply(Error.newBuilder().setCode(ErrorCode.INVALID_ARGUMENT).setMessage("the dataset key, "
                        + "request_id and kafka_correlationId of this command take " + needed + " bytes of its reply and "
                        + "events; a command that writes may use at most " + ReplyBudget.ENVELOPE_BYTES
                        + " (the rest is for what it stores): send shorter ones").build());
            }
        }
        // The record's timestamp is the broker's append time (catalog.commands has LogAppendTime, checked at
        // start-up): commands are judged at it, so a replay decides the same and no client's clock decides.
        // Reads also look at the catalog's clock, so they never serve what the expiry punctuator would purge.
        long at = record.timestamp();
        SizeBound room = new SizeBound(envelope.room(target),
                "what a reply to " + target.topic() + " holds beside this request's request_id, kafka_correlationId and key");
        return catalog.handle(record.key(), request, at, Math.max(at, context.currentSystemTimeMs()), room);
    }

    private void purgeExpired(long now) {
        long started = System.nanoTime();
        Outcome outcome = purge.tick(now);
        emit(outcome);
        int expired = (int) outcome.events().stream().filter(e -> e.getBody() instanceof ArtifactExpired).count();
        // A second bounded scan tells whether due entries were left: one seek when nothing is due.
        int dueLeft = state.dueExpiries(now, settings.expiryMaxPerTick()).size();
        metrics.tick((System.nanoTime() - started) / 1_000_000, expired, dueLeft,
                artifacts.approximateNumEntries(), reservations.approximateNumEntries());
    }

    private void emit(Outcome outcome) {
        for (CatalogEvent event : outcome.events()) {
            long at = event.getAt().toEpochMilli();
            context.forward(new Record<>(DatasetKeys.of(event.getDataset()), new PublishedEvent(event), at));
        }
        for (UriRefDelta delta : outcome.uriRefDeltas()) {
            context.forward(new Record<>(delta.uri(), delta, delta.at()));
        }
    }
}
