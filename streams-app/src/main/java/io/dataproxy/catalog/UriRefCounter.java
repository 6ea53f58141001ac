package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.wire.DatasetKeys;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts references per data uri, across all datasets (its input is keyed by uri), and publishes
 * {@code DataReleased} once a count has stayed at zero for {@link CatalogSettings#releaseGrace()}.
 *
 * <p>Why a grace period: deltas of different datasets come from different tasks, so the repartition topic does
 * not keep their order. Dataset A's last −1 can be counted before dataset B's +1 for the same uri although B
 * took its reference first; publishing at once would have the clean-up consumer delete data B's live artifact
 * points to. So a drop to 0 keeps the count entry (at 0, with the due time) and adds a {@link ReleaseKey} to
 * {@code catalog-uri-releases}; a +1 meanwhile raises the count again, and a wall-clock punctuator publishes
 * only releases whose uri is still at 0 with that same due time.
 *
 * <p>The event is keyed by the dataset whose write released the last reference, like every record on the events
 * topic, and stamped with the time it is published (the tick that found it due). With exactly-once, each change is
 * counted once.
 */
final class UriRefCounter implements Processor<String, UriRefDelta, String, CatalogEvent> {

    private final CatalogSettings settings;
    private ProcessorContext<String, CatalogEvent> context;
    private KeyValueStore<String, UriRefCount> counts;
    private KeyValueStore<Bytes, UriRefDelta> releases;

    UriRefCounter(CatalogSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, CatalogEvent> context) {
        this.context = context;
        this.counts = context.getStateStore(CatalogTopology.URI_REFS_STORE);
        this.releases = context.getStateStore(CatalogTopology.URI_RELEASES_STORE);
        context.schedule(settings.expiryInterval(), PunctuationType.WALL_CLOCK_TIME, this::publishDueReleases);
    }

    @Override
    public void process(Record<String, UriRefDelta> record) {
        UriRefDelta delta = record.value();
        if (delta == null) {
            return;
        }
        UriRefCount current = counts.get(delta.uri());
        UriReferences.Count next = UriReferences.Count.apply(current == null ? 0 : current.references(), delta.delta());
        if (next.released()) {
            // wall clock, not the delta's time: the race is between arrivals here, whatever times the writes carry
            long dueAt = context.currentSystemTimeMs() + settings.releaseGrace().toMillis();
            counts.put(delta.uri(), UriRefCount.releasing(dueAt));
            releases.put(Bytes.wrap(new ReleaseKey(dueAt, delta.uri()).toBytes()), delta);
        } else if (next.value() > 0) {
            counts.put(delta.uri(), UriRefCount.referenced(next.value())); // also cancels a pending release
        }
        // else a −1 at 0: nothing was referenced, and a pending release stays as it is
    }

    /**
     * One tick: takes at most {@code expiryMaxPerTick} due entries, earliest first (the scan is closed before
     * anything is deleted), and publishes those whose uri is still released with that due time. The others are
     * stale (referenced again, or released again later) and only dropped.
     */
    private void publishDueReleases(long now) {
        for (KeyValue<ReleaseKey, UriRefDelta> entry : dueReleases(now)) {
            ReleaseKey key = entry.key;
            releases.delete(Bytes.wrap(key.toBytes()));
            UriRefCount count = counts.get(key.uri());
            if (count != null && count.releasesAt(key.dueAt())) {
                counts.delete(key.uri());
                UriRefDelta release = entry.value;
                // stamped when published, the grace period after the write that dropped the last reference: readers of
                // the events topic see when the release happened, not when it became due (never before that write)
                long publishedAt = Math.max(now, release.at());
                context.forward(new Record<>(release.datasetKey(),
                        CatalogEvents.dataReleased(DatasetKeys.parse(release.datasetKey()), key.uri(), publishedAt), publishedAt));
            }
        }
    }

    private List<KeyValue<ReleaseKey, UriRefDelta>> dueReleases(long now) {
        List<KeyValue<ReleaseKey, UriRefDelta>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, UriRefDelta> it = releases.all()) {
            while (due.size() < settings.expiryMaxPerTick() && it.hasNext()) {
                KeyValue<Bytes, UriRefDelta> entry = it.next();
                ReleaseKey key = ReleaseKey.fromBytes(entry.key.get());
                if (!key.isDue(now)) {
                    break; // keys are ordered by due time: everything after this one is still in its grace period
                }
                due.add(KeyValue.pair(key, entry.value));
            }
        }
        return due;
    }
}
