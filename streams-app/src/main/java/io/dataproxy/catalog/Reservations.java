package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Done;
import io.dataproxy.avro.catalog.GetOrExtendReservation;
import io.dataproxy.avro.catalog.ReleaseReservation;
import io.dataproxy.avro.catalog.Reservation;
import io.dataproxy.avro.catalog.ReservationResult;
import io.dataproxy.avro.catalog.ReservationStatus;
import java.time.Duration;

/**
 * Reservations: leases on {dataset, tag} that let one worker compute a cached value while others wait.
 * Whether a lease is held is judged at the command's append time; an expired lease is purged by the expiry
 * index like an artifact.
 */
final class Reservations {

    private final CatalogState state;
    private final long maxHeartbeatMillis;
    private final int gracePeriodMultiplier;

    Reservations(CatalogState state, Duration maxHeartbeat, int gracePeriodMultiplier) {
        this.state = state;
        this.maxHeartbeatMillis = maxHeartbeat.toMillis();
        this.gracePeriodMultiplier = gracePeriodMultiplier;
    }

    /**
     * Grants or extends the lease unless another owner holds it live ({@code EXISTS}, naming that holder).
     * A fresh grant publishes {@code ReservationAcquired}; a heartbeat that extends the caller's own live
     * lease publishes nothing, or the feed would carry every heartbeat.
     */
    Outcome getOrExtend(String datasetKey, GetOrExtendReservation command, long at, SizeBound bound) {
        Arguments.requireId(command.getTagName(), "tag_name");
        Arguments.require(command.getOwnerId(), "owner_id");
        if (command.getHeartbeatInterval() <= 0) {
            throw CatalogException.invalid("heartbeat_interval must be positive, was " + command.getHeartbeatInterval());
        }
        Reservation current = state.reservation(datasetKey, command.getTagName());
        boolean live = Lifetimes.isLive(current, at);
        boolean mine = current != null && current.getOwnerId().equals(command.getOwnerId());
        if (live && !mine) {
            return Outcome.reply(result(ReservationStatus.EXISTS, current));
        }
        long heartbeat = Math.min(command.getHeartbeatInterval(), maxHeartbeatMillis);
        Reservation granted = Reservation.newBuilder()
                .setDataset(command.getDataset())
                .setTagName(command.getTagName())
                .setOwnerId(command.getOwnerId())
                .setHeartbeatInterval(heartbeat)
                .setExpiresAt(Lifetimes.expiresAt(at, saturatedProduct(heartbeat, gracePeriodMultiplier)))
                .build();
        bound.require(granted, "reservation of tag '" + command.getTagName() + "'");
        String storeKey = StoreKeys.of(datasetKey, command.getTagName());
        if (current != null) {
            state.deleteExpiry(ExpiryKey.reservation(current.getExpiresAt().toEpochMilli(), storeKey));
        }
        state.putReservation(datasetKey, granted);
        state.putExpiry(ExpiryKey.reservation(granted.getExpiresAt().toEpochMilli(), storeKey));
        Outcome outcome = Outcome.reply(result(ReservationStatus.ACQUIRED, granted));
        if (current != null && !live) {
            outcome.publish(CatalogEvents.reservationExpired(current, at));
        }
        if (!live) {
            outcome.publish(CatalogEvents.reservationAcquired(granted, at));
        }
        return outcome;
    }

    /** Idempotent: no lease, or another owner's, is {@code Done{changed=false}}. */
    Outcome release(String datasetKey, ReleaseReservation command, long at) {
        Arguments.require(command.getTagName(), "tag_name");
        Arguments.require(command.getOwnerId(), "owner_id");
        Reservation current = state.reservation(datasetKey, command.getTagName());
        if (current == null || !current.getOwnerId().equals(command.getOwnerId())) {
            return Outcome.reply(Done.newBuilder().setChanged(false).build());
        }
        remove(datasetKey, current);
        return Outcome.reply(Done.newBuilder().setChanged(true).build())
                .publish(CatalogEvents.reservationReleased(current, at));
    }

    void remove(String datasetKey, Reservation reservation) {
        state.deleteExpiry(ExpiryKey.reservation(reservation.getExpiresAt().toEpochMilli(),
                StoreKeys.of(datasetKey, reservation.getTagName())));
        state.deleteReservation(datasetKey, reservation.getTagName());
    }

    private static long saturatedProduct(long a, int b) {
        long product = a * b;
        return product / b == a ? product : Long.MAX_VALUE;
    }

    private static ReservationResult result(ReservationStatus status, Reservation reservation) {
        return ReservationResult.newBuilder().setStatus(status).setReservation(reservation).build();
    }
}
