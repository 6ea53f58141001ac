package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Reservation;
import java.util.Objects;

/**
 * One tick of the expiry punctuator: takes at most {@code maxPerTick} due entries of the expiry index
 * (earliest first; the scan is closed before anything is deleted), and purges what each still points to.
 * An entry whose artifact or reservation now has another {@code expires_at} is stale and only dropped.
 * Bounding the tick keeps it far below the exactly-once transaction timeout; the rest waits for the next one.
 */
public final class ExpiryPurge {

    private final CatalogState state;
    private final int maxPerTick;
    private final ArtifactWrites writes;

    public ExpiryPurge(CatalogState state, int maxPerTick) {
        this.state = state;
        this.maxPerTick = maxPerTick;
        this.writes = new ArtifactWrites(state);
    }

    /** Purges what is due at {@code now}; events are stamped {@code now}, the purge time. */
    public Outcome tick(long now) {
        Outcome outcome = Outcome.silent();
        for (ExpiryKey key : state.dueExpiries(now, maxPerTick)) {
            String datasetKey = StoreKeys.datasetKey(key.storeKey());
            String id = StoreKeys.id(key.storeKey());
            switch (key.kind()) {
                case ARTIFACT -> {
                    Artifact artifact = state.artifact(datasetKey, id);
                    if (artifact != null && Objects.equals(Lifetimes.millis(artifact.getExpiresAt()), key.expiresAt())) {
                        writes.remove(datasetKey, artifact); // deletes this index entry too: one delete, not two
                        outcome.publish(CatalogEvents.artifactExpired(artifact, now))
                                .references(datasetKey, UriReferences.change(artifact, null), now);
                    } else {
                        state.deleteExpiry(key);
                    }
                }
                case RESERVATION -> {
                    state.deleteExpiry(key);
                    Reservation reservation = state.reservation(datasetKey, id);
                    if (reservation != null && reservation.getExpiresAt().toEpochMilli() == key.expiresAt()) {
                        state.deleteReservation(datasetKey, id); // its only index entry is the one just deleted
                        outcome.publish(CatalogEvents.reservationExpired(reservation, now));
                    }
                }
            }
        }
        return outcome;
    }
}
