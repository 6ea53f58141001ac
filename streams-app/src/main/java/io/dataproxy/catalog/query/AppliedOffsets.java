package io.dataproxy.catalog.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far this instance has applied each partition of the commands topic: the offset of the last command its
 * processor handled there, whatever that command did. Read-your-writes waits on it ({@link ReadPosition}).
 *
 * <p>Why not IQv2 position bounds on the stores: a store's {@code Position} only advances when that store is
 * written, and a command that wrote nothing (a refused write, a read, a poison record) or wrote other stores (a
 * tag-only write does not touch the artifacts store) would never satisfy a bound on the store a read queries. The
 * processor sees every command of its partition, so an offset it records here is a bound every store satisfies.
 *
 * <p>After a restart or a migration a partition starts unknown here until its first command: what was applied
 * before is in the restored stores, and {@link CommittedOffsets} (the group's committed offset) covers it.
 *
 * <p>Written by the stream threads after each command, read by the HTTP threads: a waiter is woken by the
 * command that satisfies it; the monitor is only taken when someone waits.
 */
public final class AppliedOffsets {

    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final AtomicInteger waiters = new AtomicInteger();

    /** The processor of {@code partition} has applied the command at {@code offset} (and everything before it). */
    public void applied(int partition, long offset) {
        applied.merge(partition, offset, Math::max);
        if (waiters.get() > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** The partition's task left this instance (closed): what it applied is no longer known here. */
    public void forget(int partition) {
        applied.remove(partition);
    }

    /** The last applied offset of the partition, or -1 when none is known. */
    public long appliedUpTo(int partition) {
        return applied.getOrDefault(partition, -1L);
    }

    /**
     * Waits until the command at {@code offset} of {@code partition} has been applied, or the deadline
     * ({@link System#nanoTime()}) passes.
     *
     * @return whether it was applied
     */
    public boolean await(int partition, long offset, long deadlineNanos) throws InterruptedException {
        if (appliedUpTo(partition) >= offset) {
            return true;
        }
        waiters.incrementAndGet();
        try {
            synchronized (this) {
                while (appliedUpTo(partition) < offset) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    wait(Math.max(1, left / 1_000_000), 0);
                }
                return true;
            }
        } finally {
            waiters.decrementAndGet();
        }
    }
}
