package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The app's own {@link StoreCatalogState} over Kafka Streams' in-memory stores, with the app's key encodings and
 * serdes, for testing the rules without Kafka (as apache/kafka's processor tests use a real store). Besides, it
 * counts what a listing costs (artifact values read, index entries visited) and shows the stores' contents, and it is
 * the {@link DatasetDirectory} (the app's is a global store of the same datasets).
 */
final class StoreBackedState implements CatalogState, DatasetDirectory {

    private final KeyValueStore<String, Dataset> datasets;
    private final KeyValueStore<String, Artifact> artifacts;
    private final KeyValueStore<String, String> tags;
    private final KeyValueStore<String, Reservation> reservations;
    private final KeyValueStore<Bytes, byte[]> expiryIndex;
    private final KeyValueStore<Bytes, byte[]> listingIndex;
    private final StoreCatalogState state;

    /** How many times an artifact's value was read: what a listing costs beyond its index. */
    int artifactReads;
    /** How many listing index entries scans have visited. */
    int listingSteps;

    StoreBackedState() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, new TaskId(0, 0),
                new File(System.getProperty("java.io.tmpdir")));
        CatalogSerdes serdes = new CatalogSerdes(Map.of("schema.registry.url", "mock://rules-" + UUID.randomUUID()));
        datasets = open(context, CatalogTopology.DATASETS_STORE, Serdes.String(), serdes.datasets());
        artifacts = open(context, CatalogTopology.ARTIFACTS_STORE, Serdes.String(), serdes.artifacts());
        tags = open(context, CatalogTopology.TAGS_STORE, Serdes.String(), Serdes.String());
        reservations = open(context, CatalogTopology.RESERVATIONS_STORE, Serdes.String(), serdes.reservations());
        expiryIndex = open(context, CatalogTopology.EXPIRY_INDEX_STORE, Serdes.Bytes(), Serdes.ByteArray());
        listingIndex = open(context, CatalogTopology.LISTING_INDEX_STORE, Serdes.Bytes(), Serdes.ByteArray());
        state = new StoreCatalogState(datasets, artifacts, tags, reservations, expiryIndex, listingIndex);
    }

    private static <K, V> KeyValueStore<K, V> open(MockProcessorContext<Object, Object> context, String name, Serde<K> keys,
                                                  Serde<V> values) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withCachingDisabled().withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    // ---- CatalogState: the app's, counting what listings read --------------------------------------------------

    @Override
    public Dataset dataset(String datasetKey) {
        return state.dataset(datasetKey);
    }

    @Override
    public void putDataset(String datasetKey, Dataset dataset) {
        state.putDataset(datasetKey, dataset);
    }

    @Override
    public Artifact artifact(String datasetKey, String artifactId) {
        artifactReads++;
        return state.artifact(datasetKey, artifactId);
    }

    @Override
    public void putArtifact(String datasetKey, Artifact artifact) {
        state.putArtifact(datasetKey, artifact);
    }

    @Override
    public void deleteArtifact(String datasetKey, String artifactId) {
        state.deleteArtifact(datasetKey, artifactId);
    }

    @Override
    public void putListing(ListingKey key, ListingEntry entry) {
        state.putListing(key, entry);
    }

    @Override
    public void deleteListing(ListingKey key) {
        state.deleteListing(key);
    }

    @Override
    public void scanListing(String datasetKey, ListingKey after, BiPredicate<ListingKey, ListingEntry> visitor) {
        state.scanListing(datasetKey, after, (key, entry) -> {
            listingSteps++;
            return visitor.test(key, entry);
        });
    }

    @Override
    public String tag(String datasetKey, String tagName) {
        return state.tag(datasetKey, tagName);
    }

    @Override
    public void putTag(String datasetKey, String tagName, String artifactId) {
        state.putTag(datasetKey, tagName, artifactId);
    }

    @Override
    public void deleteTag(String datasetKey, String tagName) {
        state.deleteTag(datasetKey, tagName);
    }

    @Override
    public Reservation reservation(String datasetKey, String tagName) {
        return state.reservation(datasetKey, tagName);
    }

    @Override
    public void putReservation(String datasetKey, Reservation reservation) {
        state.putReservation(datasetKey, reservation);
    }

    @Override
    public void deleteReservation(String datasetKey, String tagName) {
        state.deleteReservation(datasetKey, tagName);
    }

    @Override
    public void putExpiry(ExpiryKey key) {
        state.putExpiry(key);
    }

    @Override
    public void deleteExpiry(ExpiryKey key) {
        state.deleteExpiry(key);
    }

    @Override
    public List<ExpiryKey> dueExpiries(long now, int max) {
        return state.dueExpiries(now, max);
    }

    // ---- DatasetDirectory: the datasets store in key order, as the global store is -----------------------------

    @Override
    public List<Dataset> list(String afterKey, Predicate<Dataset> filter, int max) {
        List<Dataset> found = new ArrayList<>();
        for (Map.Entry<String, Dataset> entry : datasets().entrySet()) {
            if (found.size() >= max) {
                break;
            }
            if ((afterKey == null || entry.getKey().compareTo(afterKey) > 0) && filter.test(entry.getValue())) {
                found.add(entry.getValue());
            }
        }
        return found;
    }

    /** What the command processor does at init: the indexes built again from the artifacts and reservations. */
    DerivedIndexes.Rebuilt rebuildIndexes() {
        return DerivedIndexes.rebuild(artifacts, reservations, tags, expiryIndex, listingIndex);
    }

    // ---- what the stores hold, for assertions ---------------------------------------------------------------------

    Map<String, Dataset> datasets() {
        return contents(datasets);
    }

    Map<String, Artifact> artifacts() {
        return contents(artifacts);
    }

    Map<String, String> tags() {
        return contents(tags);
    }

    Map<String, Reservation> reservations() {
        return contents(reservations);
    }

    /** The expiry index's keys, in its order. */
    List<ExpiryKey> expiryKeys() {
        List<ExpiryKey> keys = new ArrayList<>();
        contents(expiryIndex).keySet().forEach(key -> keys.add(ExpiryKey.fromBytes(key.get())));
        return keys;
    }

    /** The listing index, decoded, in its order. */
    List<String> listingEntries() {
        List<String> entries = new ArrayList<>();
        contents(listingIndex).forEach((key, value) -> entries.add(ListingKey.fromBytes(key.get()) + " " + ListingEntry.fromBytes(value)));
        return entries;
    }

    /** The listing index as it should be: one entry per stored artifact, expired or not, in the index's order. */
    List<String> listingExpected() {
        NavigableMap<byte[], byte[]> expected = new TreeMap<>(Arrays::compareUnsigned);
        artifacts().forEach((storeKey, artifact) -> expected.put(ListingKey.of(StoreKeys.datasetKey(storeKey), artifact).toBytes(),
                ListingEntry.of(artifact).toBytes()));
        List<String> entries = new ArrayList<>();
        expected.forEach((key, value) -> entries.add(ListingKey.fromBytes(key) + " " + ListingEntry.fromBytes(value)));
        return entries;
    }

    private static <K, V> Map<K, V> contents(KeyValueStore<K, V> store) {
        Map<K, V> contents = new LinkedHashMap<>();
        try (KeyValueIterator<K, V> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<K, V> entry = all.next();
                contents.put(entry.key, entry.value);
            }
        }
        return contents;
    }
}
