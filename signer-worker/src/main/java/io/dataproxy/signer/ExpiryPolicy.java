package io.dataproxy.signer;

import io.dataproxy.config.GoDuration;
import java.time.Duration;

/**
 * How long a URL may live: the requested {@code expires_in} (milliseconds) or the configured maximum, in whole
 * seconds. SigV4 counts a URL's life ({@code X-Amz-Expires}) in whole seconds from its signing second
 * ({@code X-Amz-Date}), so a fraction of a second cannot be signed: it is dropped (1,500 ms lives 1 s), never
 * rounded up, and what is left must be at least a second. The reply's {@code expires_at} is then read from the
 * signed URL, so both say the same, to the second.
 */
public record ExpiryPolicy(Duration max, String maxKey) {

    private static final long MIN_SECONDS = 1;

    public Duration resolve(Long expiresInMillis) {
        if (expiresInMillis == null) {
            return Duration.ofSeconds(max.toSeconds());
        }
        // above the maximum is judged on what was asked; the fraction is dropped from what is granted
        long seconds = Math.floorDiv(expiresInMillis, 1000);
        if (seconds < MIN_SECONDS || expiresInMillis > max.toMillis()) {
            throw RequestRejected.invalid("expires_in must be from 1s to " + GoDuration.format(max) + " (" + maxKey
                    + "), in milliseconds, and is signed in whole seconds (a fraction is dropped); was " + expiresInMillis);
        }
        return Duration.ofSeconds(seconds);
    }
}
