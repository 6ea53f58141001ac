package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Dataset;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Feeds the global dataset directory from the datasets topic (key: dataset key, value: the dataset; null deletes). */
final class DatasetDirectoryUpdater implements Processor<String, Dataset, Void, Void> {

    private KeyValueStore<String, Dataset> directory;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.directory = context.getStateStore(CatalogTopology.DATASET_DIRECTORY_STORE);
    }

    @Override
    public void process(Record<String, Dataset> record) {
        if (record.value() == null) {
            directory.delete(record.key());
        } else {
            directory.put(record.key(), record.value());
        }
    }
}
