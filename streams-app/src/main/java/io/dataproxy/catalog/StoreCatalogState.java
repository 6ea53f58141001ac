package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link CatalogState} over the task's Kafka Streams stores (RocksDB; the two indexes unlogged, see {@link CatalogStores}). Public, with {@link CatalogSerdes}, the
 * listing index's key and entry and {@link PageToken#ofArtifact}, as the one seam the benchmarks use
 * ({@code io.dataproxy.bench.catalog}): they drive the rules over the real stores from their own package.
 *
 * <p><b>The expiry scan's lower bound.</b> A purge deletes index entries, and RocksDB keeps their tombstones
 * at the head of the index until a compaction; a scan from the start of the index would step over all of them
 * on every tick. So this class remembers, in memory, a key {@code scanFrom} with the invariant: <i>no live
 * index entry sorts before {@code scanFrom}</i>; {@link #dueExpiries} seeks there instead of to the start.
 * <ul>
 *   <li>A scan moves it up to the first live entry it meets (nothing live lies between the bound and that entry).</li>
 *   <li>Deleting, in order, the due entries the last scan returned moves it up to each deleted entry: the purge
 *       leaves no live entry below the last key it purged.</li>
 *   <li>Every index write goes through {@link #putExpiry} (or {@link #putExpiries}) and lowers it to the written
 *       key when that key sorts before it (a command appended while the catalog lagged, a replay, a shorter ttl), and stops
 *       the advance over the last scan's entries, since the new entry may sit among them.</li>
 * </ul>
 * Deletes never break the invariant. The bound lives in this object, created per task in
 * {@code CommandProcessor.init} and only used on the task's stream thread: after a restart or a rebalance it
 * starts again at the beginning of the index. It is only an optimisation; the scan still checks each entry.
 *
 * <p><b>Deletes are puts of {@code null}.</b> {@code KeyValueStore.delete} returns the old value, so the RocksDB
 * store reads it first: a random read per delete that nobody here uses. A {@code null} put deletes (and logs a
 * tombstone) without reading; on a purge of 10,000 artifacts that halves the reads.
 */
public final class StoreCatalogState implements CatalogState {

    /** The index only needs its keys; a non-null value, since a {@code null} put is a delete. */
    private static final byte[] NO_VALUE = new byte[0];

    private final KeyValueStore<String, Dataset> datasets;
    private final KeyValueStore<String, Artifact> artifacts;
    private final KeyValueStore<String, String> tags;
    private final KeyValueStore<String, Reservation> reservations;
    private final KeyValueStore<Bytes, byte[]> expiryIndex;
    private final KeyValueStore<Bytes, byte[]> listingIndex;

    /** No live index entry sorts before this key; {@code null}: the start of the index. */
    private byte[] scanFrom;
    /** The due entries the last scan returned (consecutive live entries from {@link #scanFrom}), or {@code null}. */
    private List<ExpiryKey> lastScan;
    /** How many of {@link #lastScan}'s entries have been deleted, in order, since. */
    private int lastScanDeleted;

    public StoreCatalogState(KeyValueStore<String, Dataset> datasets, KeyValueStore<String, Artifact> artifacts,
                      KeyValueStore<String, String> tags, KeyValueStore<String, Reservation> reservations,
                      KeyValueStore<Bytes, byte[]> expiryIndex, KeyValueStore<Bytes, byte[]> listingIndex) {
        this.datasets = datasets;
        this.artifacts = artifacts;
        this.tags = tags;
        this.reservations = reservations;
        this.expiryIndex = expiryIndex;
        this.listingIndex = listingIndex;
    }

    @Override
    public Dataset dataset(String datasetKey) {
        return datasets.get(datasetKey);
    }

    @Override
    public void putDataset(String datasetKey, Dataset dataset) {
        datasets.put(datasetKey, dataset);
    }

    @Override
    public Artifact artifact(String datasetKey, String artifactId) {
        return artifacts.get(StoreKeys.of(datasetKey, artifactId));
    }

    @Override
    public void putArtifact(String datasetKey, Artifact artifact) {
        artifacts.put(StoreKeys.of(datasetKey, artifact.getArtifactId()), artifact);
    }

    @Override
    public void deleteArtifact(String datasetKey, String artifactId) {
        artifacts.put(StoreKeys.of(datasetKey, artifactId), null);
    }

    @Override
    public void putListing(ListingKey key, ListingEntry entry) {
        listingIndex.put(Bytes.wrap(key.toBytes()), entry.toBytes());
    }

    @Override
    public void deleteListing(ListingKey key) {
        listingIndex.put(Bytes.wrap(key.toBytes()), null);
    }

    @Override
    public void scanListing(String datasetKey, ListingKey after, BiPredicate<ListingKey, ListingEntry> visitor) {
        ListingIndexScan.scan(listingIndex, datasetKey, after, visitor);
    }

    @Override
    public String tag(String datasetKey, String tagName) {
        return tags.get(StoreKeys.of(datasetKey, tagName));
    }

    @Override
    public void putTag(String datasetKey, String tagName, String artifactId) {
        tags.put(StoreKeys.of(datasetKey, tagName), artifactId);
    }

    @Override
    public void deleteTag(String datasetKey, String tagName) {
        tags.put(StoreKeys.of(datasetKey, tagName), null);
    }

    @Override
    public Reservation reservation(String datasetKey, String tagName) {
        return reservations.get(StoreKeys.of(datasetKey, tagName));
    }

    @Override
    public void putReservation(String datasetKey, Reservation reservation) {
        reservations.put(StoreKeys.of(datasetKey, reservation.getTagName()), reservation);
    }

    @Override
    public void deleteReservation(String datasetKey, String tagName) {
        reservations.put(StoreKeys.of(datasetKey, tagName), null);
    }

    @Override
    public void putExpiry(ExpiryKey key) {
        byte[] bytes = key.toBytes();
        expiryIndex.put(Bytes.wrap(bytes), NO_VALUE);
        expiryWritten(bytes);
    }

    /**
     * Writes index entries in one batch ({@code putAll}), keeping the scan bound right; for bulk loads
     * (the benchmark) that bypass {@link #putExpiry}.
     */
    public void putExpiries(Collection<Bytes> keys) {
        List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>(keys.size());
        for (Bytes key : keys) {
            entries.add(KeyValue.pair(key, NO_VALUE));
        }
        expiryIndex.putAll(entries);
        keys.forEach(key -> expiryWritten(key.get()));
    }

    private void expiryWritten(byte[] key) {
        lastScan = null; // the new entry may sit among the last scan's entries: stop advancing over them
        if (scanFrom != null && Arrays.compareUnsigned(key, scanFrom) < 0) {
            scanFrom = key;
        }
    }

    @Override
    public void deleteExpiry(ExpiryKey key) {
        expiryIndex.put(Bytes.wrap(key.toBytes()), null);
        if (lastScan != null && lastScanDeleted < lastScan.size() && lastScan.get(lastScanDeleted).equals(key)) {
            // Every live entry up to this one was returned by the last scan and deleted, in order.
            scanFrom = key.toBytes();
            lastScanDeleted++;
        }
    }

    @Override
    public List<ExpiryKey> dueExpiries(long now, int max) {
        List<ExpiryKey> due = new ArrayList<>();
        byte[] firstLive = null;
        // The first key past every entry due at now: 8 bytes of now + 1 sort before any 9+-byte key of now + 1
        // and after every key of now. The upper bound is inclusive, and no stored key is only 8 bytes long.
        Bytes to = Bytes.wrap(ByteBuffer.allocate(8).putLong(now == Long.MAX_VALUE ? now : now + 1).array());
        if (scanFrom != null && Arrays.compareUnsigned(scanFrom, to.get()) > 0) {
            // The wall clock went back below the bound: nothing live sorts before the bound, so nothing is due
            // (and the store would log every inverted range).
            lastScan = List.of();
            lastScanDeleted = 0;
            return new ArrayList<>();
        }
        try (KeyValueIterator<Bytes, byte[]> it = scanFrom == null ? expiryIndex.range(null, to)
                : expiryIndex.range(Bytes.wrap(scanFrom), to)) {
            while (due.size() < max && it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                if (firstLive == null) {
                    firstLive = entry.key.get();
                }
                ExpiryKey key = ExpiryKey.fromBytes(entry.key.get());
                if (!key.isDue(now)) {
                    break; // keys are ordered by expires_at: everything after this one is in the future too
                }
                due.add(key);
            }
        }
        if (firstLive != null) {
            scanFrom = firstLive; // nothing live between the old bound and the first entry the scan met
        }
        lastScan = due;
        lastScanDeleted = 0;
        return due;
    }

    /** The scan's lower bound, for tests: {@code null} is the start of the index. */
    ExpiryKey expiryScanFrom() {
        return scanFrom == null || scanFrom.length < 9 ? null : ExpiryKey.fromBytes(scanFrom);
    }
}
