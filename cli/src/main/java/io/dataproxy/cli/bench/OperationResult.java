package io.dataproxy.cli.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The measured requests of one kind (or of all kinds, {@link #merge}): how many were sent, answered, refused by code,
 * left unanswered, and the latencies of the successful ones in microseconds.
 *
 * @param errors   error replies by code ({@code INVALID_ARGUMENT}, {@code NOT_FOUND}...)
 * @param failures requests that got no reply for a reason other than time (the producer refused them, the reply
 *                 could not be decoded), by exception
 * @param timeouts requests with no reply within the timeout
 */
record OperationResult(String operation, long sent, long ok, long timeouts, Map<String, Long> errors,
                       Map<String, Long> failures, Histogram latencyMicros) {

    static final String ALL = "all";

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    long failureCount() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Replies of any kind: successes and error replies. */
    long answered() {
        return ok + errorCount();
    }

    LatencySummary latency() {
        return LatencySummary.of(latencyMicros);
    }

    static OperationResult merge(List<OperationResult> parts) {
        Histogram all = new Histogram(3);
        Map<String, Long> errors = new TreeMap<>();
        Map<String, Long> failures = new TreeMap<>();
        long sent = 0;
        long ok = 0;
        long timeouts = 0;
        for (OperationResult part : parts) {
            all.add(part.latencyMicros());
            part.errors().forEach((code, count) -> errors.merge(code, count, Long::sum));
            part.failures().forEach((name, count) -> failures.merge(name, count, Long::sum));
            sent += part.sent();
            ok += part.ok();
            timeouts += part.timeouts();
        }
        return new OperationResult(ALL, sent, ok, timeouts, errors, failures, all);
    }
}
