package io.dataproxy.signer;

import io.dataproxy.cleanup.StorageCleaner;
import io.dataproxy.ops.Readiness;
import io.dataproxy.signer.multipart.AbandonedUploadSweep;
import io.dataproxy.storage.ObjectStorage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the signer's process runs, side by side: the worker and, when {@code cleanup.enabled}, the storage clean-up,
 * both on one storage client, and the sweep that aborts abandoned multipart uploads. They are peers: the process is ready only while both are, and it is over as soon as
 * either stops, for then half of its work is no longer done (the caller exits, non-zero after a failure, and the
 * orchestrator restarts it). Closing stops the worker (answering what is in flight), then the clean-up, then storage.
 */
public final class SignerProcess implements AutoCloseable {

    private final SignerWorker worker;
    private final Optional<StorageCleaner> cleaner;
    private final Optional<AbandonedUploadSweep> sweep;
    private final ObjectStorage storage;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param worker built with nothing to close of its own: the storage is closed here, after both parts */
    SignerProcess(SignerWorker worker, Optional<StorageCleaner> cleaner, Optional<AbandonedUploadSweep> sweep,
                  ObjectStorage storage) {
        this.worker = worker;
        this.cleaner = cleaner;
        this.sweep = sweep;
        this.storage = storage;
    }

    SignerProcess start() {
        cleaner.ifPresent(c -> watch("storage clean-up", c.start()::awaitStopped));
        watch("signer worker", worker.start()::awaitStopped);
        // a failed sweep is tried again at the next interval: it never stops the process, nor makes it unready
        sweep.ifPresent(AbandonedUploadSweep::start);
        return this;
    }

    /** A part's {@code awaitStopped}. */
    private interface Stop {
        void await() throws InterruptedException;
    }

    /** Completes {@link #stopped()} once the part has stopped, whatever the reason. */
    private void watch(String part, Stop stop) {
        Thread watcher = new Thread(() -> {
            try {
                stop.await();
                stopped.complete(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watch-" + part.replace(' ', '-'));
        watcher.setDaemon(true);
        watcher.start();
    }

    public SignerWorker worker() {
        return worker;
    }

    public Optional<StorageCleaner> cleaner() {
        return cleaner;
    }

    /** Both parts answer: the worker has its partitions, and so has the clean-up when it runs. */
    public boolean isReady() {
        return readiness().isReady();
    }

    /** For {@code /readyz}: which part is not ready, and why. */
    public Readiness readiness() {
        if (failure() != null) {
            return Readiness.notReady("stopped after a fatal error: " + failure().getClass().getSimpleName());
        }
        if (!worker.isReady()) {
            return Readiness.notReady("the signer worker is waiting for a partition assignment");
        }
        if (cleaner.isPresent() && !cleaner.get().isReady()) {
            return Readiness.notReady("the storage clean-up is waiting for a partition assignment");
        }
        return Readiness.READY;
    }

    /** The error that stopped a part, the worker's first; null while both run or after a clean stop. */
    public Throwable failure() {
        Throwable failure = worker.failure();
        return failure != null ? failure : cleaner.map(StorageCleaner::failure).orElse(null);
    }

    /** Completes when either part has stopped: by {@link #close()}, or on its own after a fatal error. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** Waits until either part has stopped. */
    public void awaitStopped() throws InterruptedException {
        try {
            stopped.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // never: stopped is only ever completed normally
        }
    }

    /** Stops both parts (each only once), then closes the storage client. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.close();
        } finally {
            try {
                cleaner.ifPresent(StorageCleaner::close);
                sweep.ifPresent(AbandonedUploadSweep::close);
            } finally {
                storage.close();
            }
        }
    }
}
