package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetCreated;
import io.dataproxy.wire.DatasetKeys;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Feeds the global dataset directory from the events topic: keeps every {@code DatasetCreated}, ignores the rest. */
final class DatasetDirectoryUpdater implements Processor<String, CatalogEvent, Void, Void> {

    private KeyValueStore<String, Dataset> directory;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.directory = context.getStateStore(CatalogTopology.DATASET_DIRECTORY_STORE);
    }

    @Override
    public void process(Record<String, CatalogEvent> record) {
        if (record.value() != null && record.value().getBody() instanceof DatasetCreated created) {
            Dataset dataset = created.getDataset();
            directory.put(DatasetKeys.of(dataset.getId()), dataset);
        }
    }
}
