package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Reservation;
import java.time.Instant;

/**
 * When things stop being live. An artifact or reservation is live strictly before its {@code expires_at}
 * and expired from that instant on; an artifact without {@code expires_at} never expires.
 */
public final class Lifetimes {

    private Lifetimes() {
    }

    public static boolean isExpired(Artifact artifact, long at) {
        return artifact.getExpiresAt() != null && artifact.getExpiresAt().toEpochMilli() <= at;
    }

    public static boolean isLive(Artifact artifact, long at) {
        return artifact != null && !isExpired(artifact, at);
    }

    public static boolean isLive(Reservation reservation, long at) {
        return reservation != null && reservation.getExpiresAt().toEpochMilli() > at;
    }

    /** {@code start + ttl}, or {@code null} (never) when there is no ttl; saturates instead of overflowing. */
    public static Instant expiresAt(long start, Long ttl) {
        if (ttl == null) {
            return null;
        }
        long end = start + ttl;
        return Instant.ofEpochMilli(end < start ? Long.MAX_VALUE : end);
    }

    public static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
