package io.dataproxy.storage;

import java.util.Set;

/**
 * Storage did not do what was asked. Two kinds, because they call for opposite reactions:
 * {@link StorageUnavailableException} (a server error, a timeout, throttling, no answer at all: a retry may
 * succeed) and {@link StorageRefusedException} (storage answered and refused this object for good: a retry of
 * the same request never will). Messages name the operation and the object, never credentials or signed URLs.
 */
public abstract class StorageException extends RuntimeException {

    StorageException(String message) {
        super(message, null, false, false);
    }

    /**
     * Storage answered {@code operation} with an error status: 5xx, 408 (timeout) and 429 (throttled) are
     * transient, every other status is a refusal (403 for a key it will not take, an object lock, a 400 for a key
     * it cannot parse, a redirect to another region). Callers handle 404 themselves (absent is not an error).
     */
    public static StorageException answered(String operation, ObjectLocation location, int status, String code) {
        String message = operation + " " + location + " failed with HTTP " + status
                + (code == null || code.isEmpty() ? "" : " " + code);
        return isTransient(status) || (code != null && CREDENTIALS_REFUSED.contains(code))
                ? new StorageUnavailableException(message, null) : new StorageRefusedException(message, status);
    }

    public static boolean isTransient(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /**
     * Error codes for credentials storage does not take at all: no object is at fault, and taking them for a refusal of
     * the object would dead-letter every release. They are waited out instead (a refreshed token, a fixed secret).
     * S3's, then Azure's: a signature made with a wrong key, a token it cannot read, a disabled account, and the
     * account-wide "not authorized" (a firewall rule; Azurite's answer to a wrong key). Azure has no per-blob
     * permissions, so these never single out an object; a role that does not cover a container is
     * {@code AuthorizationPermissionMismatch}, a refusal.
     */
    private static final Set<String> CREDENTIALS_REFUSED =
            Set.of("InvalidAccessKeyId", "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "AccountProblem",
                    "AuthenticationFailed", "InvalidAuthenticationInfo", "AccountIsDisabled", "AuthorizationFailure");
}
