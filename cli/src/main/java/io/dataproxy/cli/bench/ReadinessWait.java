package io.dataproxy.cli.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a readiness flag a service exposes (there is no callback to wait on), with a deadline. */
final class ReadinessWait {

    private static final long POLL_MILLIS = 20;

    private ReadinessWait() {
    }

    static void await(String what, BooleanSupplier ready, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " was not ready after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
