package io.dataproxy.cli.bench;

import io.dataproxy.client.RequestFailed;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What happened to the measured requests of one kind. Replies arrive on the client's reply thread, timeouts on the
 * futures' timer thread and send failures on the producer's thread, so every counter takes concurrent writers; the
 * latencies go to an HdrHistogram {@link Recorder}, which is built for that.
 *
 * <p>Only successful replies are timed: an error reply can be much faster (rejected before any work) or slower than
 * the work it replaces, and would blur the percentiles of what the service is for. Errors are counted by code.
 */
final class OperationRecorder {

    /** Three significant digits: a percentile is within 0.1 % of the true value. */
    private static final int SIGNIFICANT_DIGITS = 3;

    private final String operation;
    private final Recorder latencyMicros = new Recorder(SIGNIFICANT_DIGITS);
    private final LongAdder sent = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    OperationRecorder(String operation) {
        this.operation = operation;
    }

    void sent() {
        sent.increment();
    }

    /** @param failure null for a successful reply */
    void completed(long latencyNanos, Throwable failure) {
        if (failure == null) {
            latencyMicros.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
            ok.increment();
            return;
        }
        Throwable cause = unwrap(failure);
        if (cause instanceof TimeoutException) {
            timeouts.increment();
        } else if (cause instanceof RequestFailed failed) {
            errors.computeIfAbsent(failed.code().name(), name -> new LongAdder()).increment();
        } else {
            // no reply to speak of: the request was not sent (producer error), or the reply could not be read
            failures.computeIfAbsent(cause.getClass().getSimpleName(), name -> new LongAdder()).increment();
        }
    }

    /** The counts and latencies so far; call once the requests are done. */
    OperationResult result() {
        Histogram latency = latencyMicros.getIntervalHistogram();
        return new OperationResult(operation, sent.sum(), ok.sum(), timeouts.sum(), sums(errors), sums(failures), latency);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> sums = new TreeMap<>();
        counters.forEach((name, count) -> sums.put(name, count.sum()));
        return sums;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
