package io.dataproxy.cleanup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * Which partitions wait for a retry, and until when: each its own backoff (250 ms, doubling to 30 s), so a
 * partition stuck on an unreachable object does not hold back the others. Used by the polling thread only.
 */
final class PartitionBackoff {

    static final long FIRST_MILLIS = 250;
    static final long MAX_MILLIS = 30_000;

    /** @param paused true until {@link #due} resumes it */
    private record Wait(long millis, boolean paused, long until) {
    }

    private final Map<TopicPartition, Wait> waits = new HashMap<>();

    /** The partition failed again: it waits twice as long as last time (the first time {@link #FIRST_MILLIS}). */
    long failed(TopicPartition partition, long nowNanos) {
        Wait previous = waits.get(partition);
        long millis = previous == null ? FIRST_MILLIS : Math.min(previous.millis() * 2, MAX_MILLIS);
        waits.put(partition, new Wait(millis, true, nowNanos + TimeUnit.MILLISECONDS.toNanos(millis)));
        return millis;
    }

    /** The partition made progress: its next failure starts from the first wait again. */
    void succeeded(TopicPartition partition) {
        waits.remove(partition);
    }

    /** Partitions whose wait is over; they stay known (their next failure waits longer) until one succeeds. */
    List<TopicPartition> due(long nowNanos) {
        List<TopicPartition> due = new ArrayList<>();
        waits.forEach((partition, wait) -> {
            if (wait.paused() && nowNanos - wait.until() >= 0) {
                due.add(partition);
            }
        });
        due.forEach(p -> waits.put(p, new Wait(waits.get(p).millis(), false, 0)));
        return due;
    }

    void forget(Iterable<TopicPartition> partitions) {
        partitions.forEach(waits::remove);
    }
}
