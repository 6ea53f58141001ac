package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.ArtifactExpired;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.DatasetKeys;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Applies catalog requests to the task's stores ({@link Catalog}) and purges what expired on a wall-clock
 * schedule ({@link ExpiryPurge}). Forwards, per request, exactly one {@link RoutedReply} keyed like the
 * request, then the events (keyed by dataset key, stamped with their time) and the uri reference changes
 * (keyed by uri, for the repartition to {@link UriRefCounter}).
 */
final class CommandProcessor implements Processor<String, CatalogRequest, String, CatalogOutput> {

    private final CatalogSettings settings;
    private ProcessorContext<String, CatalogOutput> context;
    private Catalog catalog;
    private ExpiryPurge purge;
    private CatalogState state;
    private KeyValueStore<String, ?> artifacts;
    private KeyValueStore<String, ?> reservations;
    private CatalogMetrics metrics;

    CommandProcessor(CatalogSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, CatalogOutput> context) {
        this.context = context;
        this.artifacts = context.getStateStore(CatalogTopology.ARTIFACTS_STORE);
        this.reservations = context.getStateStore(CatalogTopology.RESERVATIONS_STORE);
        this.metrics = new CatalogMetrics(context.metrics(), context.taskId().toString());
        this.state = new StoreCatalogState(
                context.getStateStore(CatalogTopology.DATASETS_STORE),
                context.getStateStore(CatalogTopology.ARTIFACTS_STORE),
                context.getStateStore(CatalogTopology.TAGS_STORE),
                context.getStateStore(CatalogTopology.RESERVATIONS_STORE),
                context.getStateStore(CatalogTopology.EXPIRY_INDEX_STORE));
        ReadOnlyKeyValueStore<String, Dataset> directory = context.getStateStore(CatalogTopology.DATASET_DIRECTORY_STORE);
        this.catalog = new Catalog(state, new StoreDatasetDirectory(directory), settings);
        this.purge = new ExpiryPurge(state, settings.expiryMaxPerTick());
        context.schedule(settings.expiryInterval(), PunctuationType.WALL_CLOCK_TIME, this::purgeExpired);
    }

    @Override
    public void process(Record<String, CatalogRequest> record) {
        CatalogRequest request = record.value();
        Outcome outcome;
        String requestId;
        if (request == null) {
            requestId = "";
            outcome = Outcome.reply(Error.newBuilder().setCode(ErrorCode.INVALID_ARGUMENT)
                    .setMessage("a record without a value is not a catalog request").build());
        } else {
            requestId = request.getRequestId();
            // The record's timestamp is the broker's append time (catalog.commands has LogAppendTime, checked at
            // start-up): commands are judged at it, so a replay decides the same and no client's clock decides.
            // Reads also look at the catalog's clock, so they never serve what the expiry punctuator would purge.
            long at = record.timestamp();
            outcome = catalog.handle(record.key(), request, at, Math.max(at, context.currentSystemTimeMs()));
        }
        metrics.command(request == null || request.getBody() == null ? "none" : request.getBody().getClass().getSimpleName(),
                outcome.replyBody() instanceof Error error ? error.getCode().name() : "OK");
        CatalogReply reply = CatalogReply.newBuilder().setRequestId(requestId).setBody(outcome.replyBody()).build();
        context.forward(record.<CatalogOutput>withValue(RoutedReply.forRequest(record.headers(), settings.repliesTopic(), reply))
                .withHeaders(RoutedReply.headersFor(record.headers())));
        emit(outcome);
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
