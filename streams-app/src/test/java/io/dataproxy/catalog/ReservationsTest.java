package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.release;
import static io.dataproxy.catalog.Requests.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Reservation;
import io.dataproxy.avro.catalog.ReservationExpired;
import io.dataproxy.avro.catalog.ReservationStatus;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Settings: maxHeartbeat 10s, grace period multiplier 3. */
class ReservationsTest extends RulesFixture {

    private static final String DK = DatasetKeys.of(DS);

    @Test
    void acquiresWithExpiryFromTheCappedHeartbeat() {
        Outcome outcome = handle(reserve(DS, "t", "w1", Duration.ofSeconds(60)));
        Reservation granted = reservationOf(outcome).getReservation();
        assertThat(reservationOf(outcome).getStatus()).isEqualTo(ReservationStatus.ACQUIRED);
        assertThat(granted.getHeartbeatInterval()).isEqualTo(10_000);
        assertThat(granted.getExpiresAt()).isEqualTo(Instant.ofEpochMilli(T0 + 30_000));
        assertThat(eventKinds(outcome)).containsExactly("ReservationAcquired");
        assertThat(state.expiryKeys()).containsExactly(ExpiryKey.reservation(T0 + 30_000, StoreKeys.of(DK, "t")));
    }

    @Test
    void theSameOwnerExtendsWithoutANewAcquiredEvent() {
        handle(reserve(DS, "t", "w1", Duration.ofSeconds(2)));
        advance(Duration.ofSeconds(4));
        Outcome extended = handle(reserve(DS, "t", "w1", Duration.ofSeconds(2)));
        assertThat(reservationOf(extended).getStatus()).isEqualTo(ReservationStatus.ACQUIRED);
        assertThat(reservationOf(extended).getReservation().getExpiresAt()).isEqualTo(Instant.ofEpochMilli(now + 6_000));
        assertThat(extended.events()).isEmpty();
        assertThat(state.expiryKeys()).as("index moved with the lease").containsExactly(
                ExpiryKey.reservation(now + 6_000, StoreKeys.of(DK, "t")));
    }

    @Test
    void anotherOwnerSeesTheHolderUntilTheLeaseExpires() {
        handle(reserve(DS, "t", "w1", Duration.ofSeconds(2)));
        Outcome other = handle(reserve(DS, "t", "w2", Duration.ofSeconds(2)));
        assertThat(reservationOf(other).getStatus()).isEqualTo(ReservationStatus.EXISTS);
        assertThat(reservationOf(other).getReservation().getOwnerId()).isEqualTo("w1");
        assertThat(other.events()).isEmpty();

        advance(Duration.ofSeconds(6));
        Outcome taken = handle(reserve(DS, "t", "w2", Duration.ofSeconds(2)));
        assertThat(reservationOf(taken).getStatus()).isEqualTo(ReservationStatus.ACQUIRED);
        assertThat(reservationOf(taken).getReservation().getOwnerId()).isEqualTo("w2");
        assertThat(eventKinds(taken)).containsExactly("ReservationExpired", "ReservationAcquired");
        assertThat(((ReservationExpired) taken.events().get(0).getBody()).getOwnerId()).isEqualTo("w1");
        assertThat(state.expiryKeys()).hasSize(1);
    }

    @Test
    void releaseIsIdempotentAndOnlyByTheOwner() {
        handle(reserve(DS, "t", "w1", Duration.ofSeconds(2)));
        Outcome byOther = handle(release(DS, "t", "w2"));
        assertThat(changed(byOther)).isFalse();
        assertThat(state.reservation(DK, "t")).isNotNull();

        Outcome released = handle(release(DS, "t", "w1"));
        assertThat(changed(released)).isTrue();
        assertThat(eventKinds(released)).containsExactly("ReservationReleased");
        assertThat(state.reservations()).isEmpty();
        assertThat(state.expiryKeys()).isEmpty();

        Outcome again = handle(release(DS, "t", "w1"));
        assertThat(changed(again)).isFalse();
        assertThat(again.events()).isEmpty();
    }

    @Test
    void arguments() {
        assertThat(codeOf(handle(reserve(DS, "t", "w1", Duration.ZERO)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(reserve(DS, "", "w1", Duration.ofSeconds(1))))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(reserve(DS, "t", "", Duration.ofSeconds(1))))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(release(DS, "t", "")))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(state.reservations()).isEmpty();
    }
}
