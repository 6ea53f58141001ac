package io.dataproxy.cli.sandbox;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a service's own readiness flag, with a deadline. */
final class Readiness {

    private static final Duration POLL = Duration.ofMillis(20);

    private Readiness() {
    }

    static void await(String what, BooleanSupplier ready, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " was not ready after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL.toMillis()); // polling a flag the service exposes; there is no callback to wait on
        }
    }
}
