package io.dataproxy.catalog.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AppliedOffsetsTest {

    @Test
    void aWaiterIsWokenByTheCommandThatReachesItsOffset() throws Exception {
        AppliedOffsets applied = new AppliedOffsets();
        applied.applied(2, 10);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return applied.await(2, 12, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        applied.applied(2, 11);
        applied.applied(1, 50); // another partition says nothing about partition 2
        assertThat(waiter).isNotDone();
        applied.applied(2, 12);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWaitEndsAtItsDeadline() throws Exception {
        AppliedOffsets applied = new AppliedOffsets();
        applied.applied(0, 5);
        assertThat(applied.await(0, 5, System.nanoTime())).as("applied: no wait").isTrue();
        long started = System.nanoTime();
        assertThat(applied.await(0, 6, started + TimeUnit.MILLISECONDS.toNanos(100))).isFalse();
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void offsetsOnlyGoForwardAndAreForgottenWithTheTask() {
        AppliedOffsets applied = new AppliedOffsets();
        assertThat(applied.appliedUpTo(0)).isEqualTo(-1);
        applied.applied(0, 9);
        applied.applied(0, 3); // a late report of an earlier command
        assertThat(applied.appliedUpTo(0)).isEqualTo(9);
        applied.forget(0);
        assertThat(applied.appliedUpTo(0)).isEqualTo(-1);
    }
}
