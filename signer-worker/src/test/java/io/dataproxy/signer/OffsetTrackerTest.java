package io.dataproxy.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private final TopicPartition p0 = new TopicPartition("t", 0);
    private final TopicPartition p1 = new TopicPartition("t", 1);
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void commitsOnlyTheFinishedPrefixOfEachPartition() {
        OffsetTracker.Slot a = tracker.begin(p0, 10);
        OffsetTracker.Slot b = tracker.begin(p0, 11);
        OffsetTracker.Slot c = tracker.begin(p0, 12);
        OffsetTracker.Slot x = tracker.begin(p1, 5);

        c.finish();
        x.finish();
        assertThat(tracker.committable()).isEqualTo(Map.of(p1, new OffsetAndMetadata(6)));

        a.finish();
        assertThat(tracker.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(11)));
        assertThat(tracker.committable()).as("nothing moved").isEmpty();

        b.finish();
        assertThat(tracker.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(13)));
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void finishingTwiceCountsOnce() {
        OffsetTracker.Slot a = tracker.begin(p0, 1);
        tracker.begin(p0, 2);
        a.finish();
        a.finish();
        assertThat(tracker.inFlight()).isEqualTo(1);
    }

    @Test
    void forgottenPartitionsNoLongerCountOrCommit() throws InterruptedException {
        OffsetTracker.Slot a = tracker.begin(p0, 1);
        tracker.begin(p1, 1);
        tracker.forget(List.of(p0));
        a.finish(); // a late completion of a revoked partition's record
        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.inFlight()).isEqualTo(1);
        assertThat(tracker.awaitFinished(List.of(p0), Duration.ofMillis(1))).isTrue();
        assertThat(tracker.awaitFinished(List.of(p1), Duration.ofMillis(20))).isFalse();
    }

    @Test
    void awaitFinishedWakesWhenAnotherThreadFinishes() throws InterruptedException {
        OffsetTracker.Slot a = tracker.begin(p0, 1);
        Thread finisher = new Thread(a::finish);
        finisher.start();
        assertThat(tracker.awaitFinished(null, Duration.ofSeconds(10))).isTrue();
        finisher.join();
    }
}
