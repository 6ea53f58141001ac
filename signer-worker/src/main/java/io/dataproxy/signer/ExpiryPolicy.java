package io.dataproxy.signer;

import io.dataproxy.config.GoDuration;
import java.time.Duration;

/** How long a URL may live: the requested {@code expires_in} (milliseconds) or the configured maximum. */
record ExpiryPolicy(Duration max, String maxKey) {

    /** SigV4 counts expiry in whole seconds. */
    private static final Duration MIN = Duration.ofSeconds(1);

    Duration resolve(Long expiresInMillis) {
        if (expiresInMillis == null) {
            return max;
        }
        Duration requested = Duration.ofMillis(expiresInMillis);
        if (requested.compareTo(MIN) < 0 || requested.compareTo(max) > 0) {
            throw RequestRejected.invalid("expires_in must be from 1s to " + GoDuration.format(max) + " (" + maxKey
                    + "), in milliseconds; was " + expiresInMillis);
        }
        return requested;
    }
}
