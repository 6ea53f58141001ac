package io.dataproxy.signer;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * At-least-once bookkeeping for out-of-order completion: records of a partition are handed out in
 * offset order, finish in any order (a slow storage check must not hold back the rest), and the
 * committable offset is the first one not yet finished.
 *
 * <p>Written by hand: the library that does this (Confluent's parallel-consumer) is not built for
 * Kafka 4 clients, and the part we need is this small.
 *
 * <p>{@link #begin} and {@link #committable} run on the polling thread; {@link Slot#finish()} on any thread.
 */
final class OffsetTracker {

    /** One record in flight. */
    static final class Slot {
        private final long offset;
        private final OffsetTracker tracker;
        private final AtomicBoolean finished = new AtomicBoolean();

        private Slot(long offset, OffsetTracker tracker) {
            this.offset = offset;
            this.tracker = tracker;
        }

        void finish() {
            if (finished.compareAndSet(false, true)) {
                tracker.finished();
            }
        }

        boolean isFinished() {
            return finished.get();
        }
    }

    private final Map<TopicPartition, ArrayDeque<Slot>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> nextToCommit = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    Slot begin(TopicPartition partition, long offset) {
        Slot slot = new Slot(offset, this);
        inFlight.incrementAndGet();
        pending.computeIfAbsent(partition, p -> new ArrayDeque<>()).addLast(slot);
        return slot;
    }

    int inFlight() {
        return inFlight.get();
    }

    private void finished() {
        synchronized (inFlight) {
            inFlight.decrementAndGet();
            inFlight.notifyAll();
        }
    }

    /**
     * Waits until no record of {@code partitions} (all, when null) is in flight, or the timeout passes.
     * @return whether everything finished
     */
    boolean awaitFinished(Collection<TopicPartition> partitions, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (inFlight) {
            while ((partitions == null ? inFlight() : inFlight(partitions)) > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                inFlight.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    int inFlight(Collection<TopicPartition> partitions) {
        int n = 0;
        for (TopicPartition p : partitions) {
            for (Slot s : pending.getOrDefault(p, new ArrayDeque<>())) {
                if (!s.isFinished()) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Offsets that moved since the last call: per partition, one past the last record of the finished
     * prefix. Nothing after an unfinished record is ever included.
     */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        pending.forEach((partition, slots) -> {
            long next = -1;
            while (!slots.isEmpty() && slots.peekFirst().isFinished()) {
                next = slots.pollFirst().offset + 1;
            }
            if (next >= 0 && !Long.valueOf(next).equals(nextToCommit.get(partition))) {
                nextToCommit.put(partition, next);
                offsets.put(partition, new OffsetAndMetadata(next));
            }
        });
        return offsets;
    }

    /** Forget partitions that were revoked or lost; their unfinished records will be read again by their next owner. */
    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition p : partitions) {
            ArrayDeque<Slot> slots = pending.remove(p);
            if (slots != null) {
                slots.forEach(Slot::finish);
            }
            nextToCommit.remove(p);
        }
    }
}
