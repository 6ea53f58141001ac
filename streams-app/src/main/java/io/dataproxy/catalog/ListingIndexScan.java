package io.dataproxy.catalog;

import java.util.function.BiPredicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One dataset's entries of the listing index ({@link ListingKey} → {@link ListingEntry}) in index order, as the
 * processor's store and the read path's query view both read them.
 */
final class ListingIndexScan {

    private ListingIndexScan() {
    }

    /** Visits the entries after {@code after} (from the first when null) until the visitor answers false. */
    static void scan(ReadOnlyKeyValueStore<Bytes, byte[]> index, String datasetKey, ListingKey after,
                     BiPredicate<ListingKey, ListingEntry> visitor) {
        Bytes from = Bytes.wrap(after == null ? ListingKey.datasetStart(datasetKey) : after.successor());
        try (KeyValueIterator<Bytes, byte[]> it = index.range(from, Bytes.wrap(ListingKey.datasetEnd(datasetKey)))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                if (!visitor.test(ListingKey.fromBytes(entry.key.get()), ListingEntry.fromBytes(entry.value))) {
                    return;
                }
            }
        }
    }
}
