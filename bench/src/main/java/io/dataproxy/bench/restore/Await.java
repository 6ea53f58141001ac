package io.dataproxy.bench.restore;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: how the benchmark waits, never a fixed sleep. */
final class Await {

    private Await() {
    }

    /**
     * @param what     named in the failure
     * @param interval between polls (the condition is evaluated at once first)
     */
    static void until(String what, Duration timeout, Duration interval, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(interval.toMillis()); // the poll interval, not a synchronisation
        }
    }
}
