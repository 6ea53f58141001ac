package io.dataproxy.catalog.query;

import io.dataproxy.wire.CommandPosition;
import java.time.Duration;

/**
 * Read-your-writes on the owning instance: whether the command at a position has been applied here, waiting up to a
 * bound. First what this instance's processors recorded ({@link AppliedOffsets}); when that is short (the partition
 * came here by a restart or a migration and has had no command since), the group's committed offset
 * ({@link CommittedOffsets}), since a restored task holds every committed command; then the processor again, until
 * the deadline.
 */
final class ReadPositions {

    private final AppliedOffsets applied;
    private final CommittedOffsets committed;

    ReadPositions(AppliedOffsets applied, CommittedOffsets committed) {
        this.applied = applied;
        this.committed = committed;
    }

    /** Whether this instance's processors have applied the command at {@code position}: no waiting, no request. */
    boolean appliedHere(CommandPosition position) {
        return applied.appliedUpTo(position.partition()) >= position.offset();
    }

    /**
     * Blocks until the command at {@code position} is applied here, or the deadline ({@link System#nanoTime()})
     * passes; asks the broker for the group's committed offset once when this instance's own record falls short.
     */
    boolean await(CommandPosition position, long deadline) {
        if (appliedHere(position)) {
            return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        if (committed.committed(position.partition(), Duration.ofNanos(left)) > position.offset()) {
            return true;
        }
        try {
            return applied.await(position.partition(), position.offset(), deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long appliedUpTo(int partition) {
        return applied.appliedUpTo(partition);
    }
}
