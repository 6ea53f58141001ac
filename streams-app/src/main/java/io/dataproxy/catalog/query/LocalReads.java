package io.dataproxy.catalog.query;

import io.dataproxy.catalog.CatalogSettings;
import io.dataproxy.catalog.CatalogTopology;
import io.dataproxy.catalog.ReadOnlyCatalogState;
import io.dataproxy.catalog.StoreQueries;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads of one partition's stores on this instance, through interactive queries. The views are kept per partition:
 * each of their reads finds the partition's store again and throws {@code InvalidStateStoreException} when this
 * instance no longer has it active (migrated, closing), so a kept view never serves another instance's data.
 */
final class LocalReads {

    private final KafkaStreams streams;
    private final CatalogSettings settings;
    private final Map<Integer, StoreQueries> byPartition = new ConcurrentHashMap<>();

    LocalReads(KafkaStreams streams, CatalogSettings settings) {
        this.streams = streams;
        this.settings = settings;
    }

    /** The reply body (a result record or an {@code Error}), judged at the catalog's clock. */
    Object answer(ReadQuery query, int partition) {
        StoreQueries queries = byPartition.computeIfAbsent(partition, p -> new StoreQueries(new ReadOnlyCatalogState(
                store(CatalogTopology.DATASETS_STORE, p), store(CatalogTopology.ARTIFACTS_STORE, p),
                store(CatalogTopology.TAGS_STORE, p), store(CatalogTopology.LISTING_INDEX_STORE, p)), settings));
        return queries.answer(query.datasetKey(), query.body(), System.currentTimeMillis());
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore())
                .withPartition(partition));
    }
}
