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

    boolean await(CommandPosition position, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        if (applied.appliedUpTo(position.partition()) >= position.offset()) {
            return true;
        }
        if (committed.committed(position.partition(), wait) > position.offset()) {
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
