package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.wire.DatasetKeys;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts references per data uri, across all datasets (its input is keyed by uri), and publishes
 * {@code DataReleased} when a count drops to zero. The event is keyed by the dataset whose write released
 * the last reference, like every record on the events topic. With exactly-once, each change is counted once.
 */
final class UriRefCounter implements Processor<String, UriRefDelta, String, CatalogEvent> {

    private ProcessorContext<String, CatalogEvent> context;
    private KeyValueStore<String, Long> counts;

    @Override
    public void init(ProcessorContext<String, CatalogEvent> context) {
        this.context = context;
        this.counts = context.getStateStore(CatalogTopology.URI_REFS_STORE);
    }

    @Override
    public void process(Record<String, UriRefDelta> record) {
        UriRefDelta delta = record.value();
        if (delta == null) {
            return;
        }
        Long current = counts.get(delta.uri());
        UriReferences.Count next = UriReferences.Count.apply(current == null ? 0 : current, delta.delta());
        if (next.value() == 0) {
            counts.delete(delta.uri());
        } else {
            counts.put(delta.uri(), next.value());
        }
        if (next.released()) {
            context.forward(new Record<>(delta.datasetKey(),
                    CatalogEvents.dataReleased(DatasetKeys.parse(delta.datasetKey()), delta.uri(), delta.at()), delta.at()));
        }
    }
}
