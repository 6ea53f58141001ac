package io.dataproxy.storage.azure;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.dataproxy.storage.StorageUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * User-delegation SAS: no account key in the pod. The blob service issues a user-delegation key to the pod's Entra ID
 * identity (Get User Delegation Key, at most 7 days valid); it is fetched when the first URL is signed and again when a
 * URL would outlive it, and every SAS is signed with it offline in between.
 */
final class UserDelegationSasSigner implements SasSigner {

    /** The longest a user-delegation key may be valid. */
    static final Duration KEY_LIFETIME = Duration.ofDays(7);
    /** Storage's clock may be behind ours: a key valid from a few minutes ago is valid at once there too. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final BlobServiceClient service;
    private final Clock clock;
    private volatile UserDelegationKey key;
    private final java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();

    UserDelegationSasSigner(BlobServiceClient service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    @Override
    public String sign(BlobClient blob, BlobServiceSasSignatureValues values) {
        return blob.generateUserDelegationSas(values, keyValidUntil(values.getExpiryTime()));
    }

    /** A key valid at least until {@code expiry}, fetched when the one in hand is not. */
    private UserDelegationKey keyValidUntil(OffsetDateTime expiry) {
        UserDelegationKey current = key;
        if (current != null && !current.getSignedExpiry().isBefore(expiry)) {
            return current;
        }
        synchronized (this) {
            current = key;
            if (current != null && !current.getSignedExpiry().isBefore(expiry)) {
                return current;
            }
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).withNano(0);
            try {
                current = service.getUserDelegationKey(now.minus(CLOCK_SKEW), now.plus(KEY_LIFETIME).minusMinutes(1));
            } catch (BlobStorageException e) {
                throw new StorageUnavailableException("getting a user-delegation key from Azure failed with HTTP "
                        + e.getStatusCode() + (e.getErrorCode() == null ? "" : " " + e.getErrorCode()), null);
            } catch (RuntimeException e) {
                // token acquisition and the network: the message may name endpoints or token details, the class does not
                throw new StorageUnavailableException("getting a user-delegation key from Azure failed ("
                        + e.getClass().getSimpleName() + ")", null);
            }
            fetches.incrementAndGet();
            key = current;
            return current;
        }
    }

    @Override
    public String describe() {
        return "user-delegation SAS (Entra ID token credential)";
    }

    /** For tests: how many keys were fetched. */
    int keyFetches() {
        return fetches.get();
    }
}
