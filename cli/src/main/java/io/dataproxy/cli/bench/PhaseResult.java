package io.dataproxy.cli.bench;

import java.time.Duration;
import java.util.List;

/**
 * One phase of a run (the baseline's or the service's): what the requests sent during its measured window got.
 * Requests sent during the warm-up are in none of these numbers, even when their reply comes later.
 *
 * @param name       {@code echo}, {@code signer}, {@code pass-through}, {@code catalog}
 * @param measured   the measured window (after the warm-up)
 * @param operations one result per request kind, in the order they are reported
 */
record PhaseResult(String name, LoadShape shape, Duration measured, List<OperationResult> operations) {

    OperationResult total() {
        return operations.size() == 1 ? operations.get(0) : OperationResult.merge(operations);
    }

    /** Successful replies per second of the window. */
    double throughput() {
        return perSecond(total().ok());
    }

    /** Requests sent per second of the window: at a fixed rate, shows whether the generator kept up. */
    double sendRate() {
        return perSecond(total().sent());
    }

    /** True when not one measured request got a reply (every one timed out, or none was sent). */
    boolean nothingAnswered() {
        return total().answered() == 0;
    }

    private double perSecond(long count) {
        double seconds = measured.toNanos() / 1e9;
        return seconds <= 0 ? 0 : count / seconds;
    }
}
