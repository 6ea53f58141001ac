package io.dataproxy.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

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

    /** Polls until a record matches and returns it; fails with an {@link AssertionError} when {@code timeout} passes first. */
    public static <K, V> ConsumerRecord<K, V> firstMatching(Consumer<K, V> consumer, Predicate<ConsumerRecord<K, V>> match,
                                                            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(100))) {
                seen++;
                if (match.test(record)) {
                    return record;
                }
            }
        }
        throw new AssertionError("No matching record within " + timeout + " (" + seen + " others seen)");
    }

    /** A header's value as UTF-8, or null when the record lacks it. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
