package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Reservation;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Builds the tag index, the expiry index and the listing index from the artifacts and reservations stores, which
 * hold everything in them: a tag points to the one artifact whose own tag list names it ({@link TagRules} takes a
 * tag off the artifact that held it when it moves, and {@link ArtifactWrites#remove} deletes the tags of an
 * artifact that goes). They are not logged ({@link CatalogStores}): the command processor calls {@link #rebuild} each time it
 * starts on a task, after Kafka Streams has restored the logged stores and before the first command or tick, so the
 * indexes are exactly what {@link ArtifactWrites} and {@link Reservations} would have written for the stores as they
 * are now, whatever happened to the task's files before.
 *
 * <p>Whatever the index stores hold at that moment is cleared first: a task that was a standby here and becomes
 * active keeps its stores open, with entries of an older state of the artifacts. Otherwise they are empty (their
 * files are deleted as they open, {@link EmptyOnOpenStore}), and clearing costs one seek. Writes go in batches
 * ({@code putAll}: one RocksDB write batch each).
 */
final class DerivedIndexes {

    /** What a rebuild did, for its log line and the restore benchmark. */
    record Rebuilt(long cleared, long artifacts, long reservations, long millis) {
    }

    private static final int BATCH = 10_000;
    private static final byte[] NO_VALUE = new byte[0];

    private DerivedIndexes() {
    }

    static Rebuilt rebuild(KeyValueStore<String, Artifact> artifacts, KeyValueStore<String, Reservation> reservations,
                           KeyValueStore<String, String> tagIndex, KeyValueStore<Bytes, byte[]> expiryIndex,
                           KeyValueStore<Bytes, byte[]> listingIndex) {
        long started = System.nanoTime();
        long cleared = clear(tagIndex) + clear(expiryIndex) + clear(listingIndex);
        Batch<String, String> tags = new Batch<>(tagIndex);
        Batch<Bytes, byte[]> expiries = new Batch<>(expiryIndex);
        Batch<Bytes, byte[]> listings = new Batch<>(listingIndex);
        long artifactCount = 0;
        try (KeyValueIterator<String, Artifact> it = artifacts.all()) {
            while (it.hasNext()) {
                KeyValue<String, Artifact> entry = it.next();
                Artifact artifact = entry.value;
                String datasetKey = StoreKeys.datasetKey(entry.key);
                for (String tag : artifact.getTags()) {
                    tags.put(StoreKeys.of(datasetKey, tag), artifact.getArtifactId());
                }
                if (artifact.getExpiresAt() != null) {
                    expiries.put(Bytes.wrap(ExpiryKey.artifact(artifact.getExpiresAt().toEpochMilli(), entry.key).toBytes()), NO_VALUE);
                }
                listings.put(Bytes.wrap(ListingKey.of(datasetKey, artifact).toBytes()), ListingEntry.of(artifact).toBytes());
                artifactCount++;
            }
        }
        long reservationCount = 0;
        try (KeyValueIterator<String, Reservation> it = reservations.all()) {
            while (it.hasNext()) {
                KeyValue<String, Reservation> entry = it.next();
                expiries.put(Bytes.wrap(ExpiryKey.reservation(entry.value.getExpiresAt().toEpochMilli(), entry.key).toBytes()), NO_VALUE);
                reservationCount++;
            }
        }
        tags.flush();
        expiries.flush();
        listings.flush();
        return new Rebuilt(cleared, artifactCount, reservationCount, (System.nanoTime() - started) / 1_000_000);
    }

    /** Deletes every entry; an empty store costs one seek. */
    private static <K, V> long clear(KeyValueStore<K, V> index) {
        Batch<K, V> deletes = new Batch<>(index);
        long count = 0;
        try (KeyValueIterator<K, V> it = index.all()) {
            while (it.hasNext()) {
                deletes.put(it.next().key, null); // a null put deletes without reading the old value
                count++;
            }
        }
        deletes.flush();
        return count;
    }

    /** Puts collected into write batches of {@link #BATCH}. */
    private static final class Batch<K, V> {

        private final KeyValueStore<K, V> store;
        private final List<KeyValue<K, V>> pending = new ArrayList<>(BATCH);

        Batch(KeyValueStore<K, V> store) {
            this.store = store;
        }

        void put(K key, V value) {
            pending.add(KeyValue.pair(key, value));
            if (pending.size() == BATCH) {
                flush();
            }
        }

        void flush() {
            if (!pending.isEmpty()) {
                store.putAll(pending);
                pending.clear();
            }
        }
    }
}
