package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@link DatasetDirectory} over the global dataset-directory store. */
final class StoreDatasetDirectory implements DatasetDirectory {

    private final ReadOnlyKeyValueStore<String, Dataset> store;

    StoreDatasetDirectory(ReadOnlyKeyValueStore<String, Dataset> store) {
        this.store = store;
    }

    @Override
    public List<Dataset> list(String afterKey, Predicate<Dataset> filter, int max) {
        List<Dataset> found = new ArrayList<>();
        try (KeyValueIterator<String, Dataset> it = afterKey == null ? store.all() : store.range(afterKey, null)) {
            while (found.size() < max && it.hasNext()) {
                KeyValue<String, Dataset> entry = it.next();
                if (!entry.key.equals(afterKey) && filter.test(entry.value)) {
                    found.add(entry.value);
                }
            }
        }
        return found;
    }
}
