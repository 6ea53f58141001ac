package io.dataproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableSet;
import java.util.Properties;
import java.util.Random;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expiry scan's lower bound in {@link StoreCatalogState}, over a real RocksDB index store: it moves up with
 * purges, down with any earlier write, and never skips a due entry.
 */
class ExpiryScanBoundTest {

    @TempDir
    Path dir;

    private KeyValueStore<Bytes, byte[]> index;
    private StoreCatalogState state;

    @BeforeEach
    void open() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bound-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, new TaskId(0, 0),
                Files.createDirectories(dir.resolve("task")).toFile());
        index = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CatalogTopology.EXPIRY_INDEX_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled().withLoggingDisabled().build();
        index.init(context.getStateStoreContext(), index);
        state = new StoreCatalogState(null, null, null, null, index, null);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private static ExpiryKey key(long expiresAt, String id) {
        return ExpiryKey.artifact(expiresAt, StoreKeys.of("ds", id));
    }

    /** What ExpiryPurge does with the index: take the due entries, delete each. */
    private List<ExpiryKey> purge(long now, int max) {
        List<ExpiryKey> due = state.dueExpiries(now, max);
        due.forEach(state::deleteExpiry);
        return due;
    }

    @Test
    void startsAtTheBeginningAndMovesToTheLastPurgedEntry() {
        assertThat(state.expiryScanFrom()).isNull();
        for (int i = 0; i < 10; i++) {
            state.putExpiry(key(1_000 + i, "a" + i));
        }
        state.putExpiry(key(5_000, "later"));

        assertThat(purge(1_005, 100)).hasSize(6);
        assertThat(state.expiryScanFrom()).isEqualTo(key(1_005, "a5"));
        assertThat(purge(1_009, 2)).containsExactly(key(1_006, "a6"), key(1_007, "a7"));
        assertThat(state.expiryScanFrom()).isEqualTo(key(1_007, "a7"));
        assertThat(purge(10_000, 100)).containsExactly(key(1_008, "a8"), key(1_009, "a9"), key(5_000, "later"));
    }

    @Test
    void anEntryWrittenBelowTheBoundIsStillDueOnTheNextTick() {
        state.putExpiry(key(2_000, "a"));
        state.putExpiry(key(9_000, "b"));
        assertThat(purge(3_000, 100)).containsExactly(key(2_000, "a"));
        assertThat(state.expiryScanFrom()).isEqualTo(key(2_000, "a"));

        // a command with an event time in the past, a replay, a short ttl: expires before the bound
        state.putExpiry(key(500, "past"));
        assertThat(state.expiryScanFrom()).isEqualTo(key(500, "past"));
        assertThat(purge(3_000, 100)).containsExactly(key(500, "past"));
    }

    @Test
    void aWriteBetweenTheScanAndItsDeletesStopsTheBoundFromPassingIt() {
        state.putExpiry(key(1_000, "a"));
        state.putExpiry(key(3_000, "c"));
        List<ExpiryKey> due = state.dueExpiries(5_000, 100);
        assertThat(due).containsExactly(key(1_000, "a"), key(3_000, "c"));
        state.deleteExpiry(due.get(0));
        state.putExpiry(key(2_000, "b")); // between the two entries the scan returned
        state.deleteExpiry(due.get(1));
        assertThat(state.dueExpiries(5_000, 100)).containsExactly(key(2_000, "b"));
    }

    @Test
    void aClockGoingBackBelowTheBoundFindsNothingDueAndForwardAgainFindsWhatIs() {
        state.putExpiry(key(2_000, "a"));
        state.putExpiry(key(4_000, "b"));
        purge(2_000, 100);
        assertThat(state.dueExpiries(1_000, 100)).isEmpty();
        state.putExpiry(key(900, "early"));
        assertThat(state.dueExpiries(1_000, 100)).containsExactly(key(900, "early"));
        assertThat(state.dueExpiries(4_000, 100)).containsExactly(key(900, "early"), key(4_000, "b"));
    }

    @Test
    void aNewStateStartsAtTheBeginning() {
        state.putExpiry(key(2_000, "a"));
        state.putExpiry(key(4_000, "b"));
        purge(2_000, 100);
        index.put(Bytes.wrap(key(1_000, "restored").toBytes()), new byte[0]); // e.g. restored from the changelog

        StoreCatalogState restarted = new StoreCatalogState(null, null, null, null, index, null);
        assertThat(restarted.expiryScanFrom()).isNull();
        assertThat(restarted.dueExpiries(5_000, 100)).containsExactly(key(1_000, "restored"), key(4_000, "b"));
    }

    @Test
    void theBoundNeverSkipsADueEntry() {
        Random random = new Random(42);
        NavigableSet<byte[]> live = new TreeSet<>(Arrays::compareUnsigned);
        long now = 10_000;
        for (int step = 0; step < 3_000; step++) {
            int op = random.nextInt(10);
            if (op < 5) { // a write, often in the past
                ExpiryKey key = key(now - 2_000 + random.nextInt(4_000), "k" + random.nextInt(500));
                state.putExpiry(key);
                live.add(key.toBytes());
            } else if (op < 6 && !live.isEmpty()) { // an update moving an entry away
                byte[] victim = new ArrayList<>(live).get(random.nextInt(live.size()));
                state.deleteExpiry(ExpiryKey.fromBytes(victim));
                live.remove(victim);
            } else if (op < 9) { // a tick, sometimes one that deletes only part of what it got
                int max = 1 + random.nextInt(20);
                long at = now;
                List<ExpiryKey> expected = live.stream().map(ExpiryKey::fromBytes).filter(k -> k.isDue(at))
                        .limit(max).toList();
                List<ExpiryKey> due = state.dueExpiries(now, max);
                assertThat(due).as("step %d", step).isEqualTo(expected);
                int deleting = random.nextInt(4) == 0 ? random.nextInt(due.size() + 1) : due.size();
                for (ExpiryKey key : due.subList(0, deleting)) {
                    state.deleteExpiry(key);
                    live.remove(key.toBytes());
                }
            } else {
                now += random.nextInt(300) - 50; // mostly forward, sometimes back a little
            }
            ExpiryKey bound = state.expiryScanFrom();
            if (bound != null && !live.isEmpty()) {
                assertThat(Arrays.compareUnsigned(bound.toBytes(), live.first())).as("step %d: bound <= first live entry", step)
                        .isLessThanOrEqualTo(0);
            }
        }
    }
}
