package io.dataproxy.catalog.query;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The read path's own measure ({@value #READS}, a timer with a histogram): every answer, by read and HTTP status,
 * from the arrival of its request to the hand-off of its answer to the connection. So an operator sees the server's
 * part of a read's time apart from the network's and the client's (a read that waits for a position counts its wait).
 */
final class ReadMetrics {

    static final String READS = "dataproxy.catalog.reads";
    /** Connections answered 503 and closed at once: {@code catalog.read.maxConnections} were open. */
    static final String CONNECTIONS_REFUSED = "dataproxy.catalog.read.connections.refused";

    private final MeterRegistry registry;
    /** Looked up once per read and status: a bounded set (three reads and "other", a dozen statuses). */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter refused;

    /** @param registry where the timer is registered; {@code null}: nowhere */
    ReadMetrics(MeterRegistry registry) {
        this.registry = registry == null ? new CompositeMeterRegistry() : registry;
        this.refused = Counter.builder(CONNECTIONS_REFUSED)
                .description("Connections to the read path answered 503 and closed: catalog.read.maxConnections were open")
                .register(this.registry);
    }

    void connectionRefused() {
        refused.increment();
    }

    /** @param target the request target: its path names the read */
    void answered(String target, int status, long nanos) {
        String read = read(target);
        timers.computeIfAbsent(read + " " + status, key -> Timer.builder(READS)
                        .description("Reads answered over HTTP, from the request's arrival to its answer's hand-off")
                        .tag("read", read)
                        .tag("status", Integer.toString(status))
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                        .maximumExpectedValue(Duration.ofMinutes(1))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code artifact}, {@code artifacts}, {@code dataset}, or {@code other} for anything else. */
    static String read(String target) {
        int end = target.indexOf('?');
        String path = end < 0 ? target : target.substring(0, end);
        return switch (path) {
            case ReadQuery.ARTIFACT -> "artifact";
            case ReadQuery.ARTIFACTS -> "artifacts";
            case ReadQuery.DATASET -> "dataset";
            default -> "other";
        };
    }
}
