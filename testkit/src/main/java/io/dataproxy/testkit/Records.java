package io.dataproxy.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Waiting for records in tests. */
public final class Records {

    private Records() {
    }

    /**
     * Polls until at least {@code count} records arrived and returns all of them (possibly more);
     * fails with an {@link AssertionError} listing what did arrive when {@code timeout} passes first.
     */
    public static <K, V> List<ConsumerRecord<K, V>> poll(Consumer<K, V> consumer, int count, Duration timeout) {
        List<ConsumerRecord<K, V>> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Expected " + count + " records within " + timeout + " but got "
                        + received.size() + ": " + received);
            }
            consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(200).toNanos()))).forEach(received::add);
        }
        return received;
    }
}
