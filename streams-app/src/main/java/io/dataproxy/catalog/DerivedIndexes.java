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
 * Builds the expiry index and the listing index from the artifacts and reservations stores, which hold everything
 * in them. They are not logged ({@link CatalogStores}): the command processor calls {@link #rebuild} each time it
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
                           KeyValueStore<Bytes, byte[]> expiryIndex, KeyValueStore<Bytes, byte[]> listingIndex) {
        long started = System.nanoTime();
        long cleared = clear(expiryIndex) + clear(listingIndex);
        Batch expiries = new Batch(expiryIndex);
        Batch listings = new Batch(listingIndex);
        long artifactCount = 0;
        try (KeyValueIterator<String, Artifact> it = artifacts.all()) {
            while (it.hasNext()) {
                KeyValue<String, Artifact> entry = it.next();
                Artifact artifact = entry.value;
                String datasetKey = StoreKeys.datasetKey(entry.key);
                if (artifact.getExpiresAt() != null) {
                    expiries.put(ExpiryKey.artifact(artifact.getExpiresAt().toEpochMilli(), entry.key).toBytes(), NO_VALUE);
                }
                listings.put(ListingKey.of(datasetKey, artifact).toBytes(), ListingEntry.of(artifact).toBytes());
                artifactCount++;
            }
        }
        long reservationCount = 0;
        try (KeyValueIterator<String, Reservation> it = reservations.all()) {
            while (it.hasNext()) {
                KeyValue<String, Reservation> entry = it.next();
                expiries.put(ExpiryKey.reservation(entry.value.getExpiresAt().toEpochMilli(), entry.key).toBytes(), NO_VALUE);
                reservationCount++;
            }
        }
        expiries.flush();
        listings.flush();
        return new Rebuilt(cleared, artifactCount, reservationCount, (System.nanoTime() - started) / 1_000_000);
    }

    /** Deletes every entry; an empty store costs one seek. */
    private static long clear(KeyValueStore<Bytes, byte[]> index) {
        Batch deletes = new Batch(index);
        long count = 0;
        try (KeyValueIterator<Bytes, byte[]> it = index.all()) {
            while (it.hasNext()) {
                deletes.put(it.next().key.get(), null); // a null put deletes without reading the old value
                count++;
            }
        }
        deletes.flush();
        return count;
    }

    /** Puts collected into write batches of {@link #BATCH}. */
    private static final class Batch {

        private final KeyValueStore<Bytes, byte[]> store;
        private final List<KeyValue<Bytes, byte[]>> pending = new ArrayList<>(BATCH);

        Batch(KeyValueStore<Bytes, byte[]> store) {
            this.store = store;
        }

        void put(byte[] key, byte[] value) {
            pending.add(KeyValue.pair(Bytes.wrap(key), value));
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
