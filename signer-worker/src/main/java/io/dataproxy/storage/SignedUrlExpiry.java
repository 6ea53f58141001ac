package io.dataproxy.storage;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a SigV4 presigned URL stops working, read from the URL itself: {@code X-Amz-Date} (the signing time, whole
 * seconds) plus {@code X-Amz-Expires} (seconds). Storage judges the URL by exactly these two, so a reply's
 * {@code expires_at} taken from them agrees with the URL to the second, whichever library signed it and whatever
 * fraction of a second it signed at.
 */
public final class SignedUrlExpiry {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private SignedUrlExpiry() {
    }

    /** Empty when the URL lacks either parameter or they do not parse (not a SigV4 query-signed URL). */
    public static Optional<Instant> of(URI url) {
        String query = url.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        String date = null;
        String expires = null;
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("X-Amz-Date=")) {
                date = parameter.substring("X-Amz-Date=".length());
            } else if (parameter.startsWith("X-Amz-Expires=")) {
                expires = parameter.substring("X-Amz-Expires=".length());
            }
        }
        if (date == null || expires == null) {
            return Optional.empty();
        }
        try {
            Instant signedAt = LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC);
            return Optional.of(signedAt.plusSeconds(Long.parseLong(expires)));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** As {@link #of(URI)}; a URL without them is taken to have been signed at {@code signedAt}, truncated to the second. */
    static Instant of(URI url, Instant signedAt, long seconds) {
        return of(url).orElseGet(() -> Instant.ofEpochSecond(signedAt.getEpochSecond() + seconds));
    }
}
