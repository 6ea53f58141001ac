package io.dataproxy.storage;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a presigned URL stops working, read from the URL itself, as storage judges it:
 * <ul>
 *   <li>SigV4 (S3, MinIO): {@code X-Amz-Date} (the signing time, whole seconds) plus {@code X-Amz-Expires} (seconds);</li>
 *   <li>GCS V4: {@code X-Goog-Date} plus {@code X-Goog-Expires}, the same scheme;</li>
 *   <li>Azure SAS: {@code se}, the expiry itself (ISO 8601, whole seconds).</li>
 * </ul>
 * A reply's {@code expires_at} taken from them agrees with the URL to the second, whichever library signed it and
 * whatever fraction of a second it signed at.
 */
public final class SignedUrlExpiry {

    private static final DateTimeFormatter BASIC_DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private SignedUrlExpiry() {
    }

    /** Empty when the URL has none of these or they do not parse. */
    public static Optional<Instant> of(URI url) {
        String query = url.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        String date = null;
        String expires = null;
        String sasExpiry = null;
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("X-Amz-Date=") || parameter.startsWith("X-Goog-Date=")) {
                date = parameter.substring(parameter.indexOf('=') + 1);
            } else if (parameter.startsWith("X-Amz-Expires=") || parameter.startsWith("X-Goog-Expires=")) {
                expires = parameter.substring(parameter.indexOf('=') + 1);
            } else if (parameter.startsWith("se=")) {
                sasExpiry = URLDecoder.decode(parameter.substring(3), StandardCharsets.UTF_8);
            }
        }
        try {
            if (date != null && expires != null) {
                Instant signedAt = LocalDateTime.parse(date, BASIC_DATE_TIME).toInstant(ZoneOffset.UTC);
                return Optional.of(signedAt.plusSeconds(Long.parseLong(expires)));
            }
            if (sasExpiry != null) {
                return Optional.of(OffsetDateTime.parse(sasExpiry).toInstant());
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** As {@link #of(URI)}; a URL without them is taken to have been signed at {@code signedAt}, truncated to the second. */
    public static Instant of(URI url, Instant signedAt, long seconds) {
        return of(url).orElseGet(() -> Instant.ofEpochSecond(signedAt.getEpochSecond() + seconds));
    }
}
