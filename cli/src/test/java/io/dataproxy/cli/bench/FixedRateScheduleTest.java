package io.dataproxy.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FixedRateScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void requestsAreDueEvenlyFromTheStart() {
        FixedRateSchedule schedule = new FixedRateSchedule(5_000, 1000);
        assertThat(schedule.dueAt(0)).isEqualTo(5_000);
        assertThat(schedule.dueAt(1)).isEqualTo(5_000 + 1_000_000);
        assertThat(schedule.dueAt(1000)).isEqualTo(5_000 + SECOND);
    }

    @Test
    void aLongRunDoesNotDrift() {
        // 3 per second is not a whole number of nanoseconds apart; each time is computed from the start
        FixedRateSchedule schedule = new FixedRateSchedule(0, 3);
        assertThat(schedule.dueAt(3 * 3600)).isEqualTo(3600 * SECOND);
    }

    @Test
    void rateTimesDurationAreDueInAWindow() {
        for (double rate : new double[] {3, 7.3, 1000, 123_456}) {
            FixedRateSchedule schedule = new FixedRateSchedule(123, rate);
            long warmupEnd = 123 + 2 * SECOND;
            long end = warmupEnd + 3 * SECOND;
            long measured = 0;
            for (long n = 0; schedule.dueAt(n) < end; n++) {
                if (schedule.dueAt(n) >= warmupEnd) {
                    measured++;
                }
                assertThat(schedule.dueAt(n + 1)).isGreaterThan(schedule.dueAt(n));
            }
            assertThat((double) measured).as("rate %s", rate).isCloseTo(rate * 3, org.assertj.core.data.Offset.offset(1.0));
        }
    }

    @Test
    void aRateMustBePositive() {
        assertThatThrownBy(() -> new FixedRateSchedule(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FixedRateSchedule(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
