package io.dataproxy.testkit;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store entry that owns the shared {@link Infra}. JUnit (5.13+) closes {@link AutoCloseable} store values
 * when their context ends; for the root context that is the end of the run.
 */
final class RunningInfra implements AutoCloseable {

    private static final AtomicInteger STARTS = new AtomicInteger();

    private final Infra infra;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunningInfra(Infra infra) {
        this.infra = infra;
    }

    static RunningInfra start() {
        RunningInfra running = new RunningInfra(Infra.start(KafkaChoice.fromEnvironment()));
        STARTS.incrementAndGet();
        return running;
    }

    /** How often the infrastructure was started in this JVM; lets the testkit's own tests prove it is shared. */
    static int starts() {
        return STARTS.get();
    }

    Infra infra() {
        return infra;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            infra.stop();
        }
    }
}
