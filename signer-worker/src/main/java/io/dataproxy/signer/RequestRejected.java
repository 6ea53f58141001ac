package io.dataproxy.signer;

import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.storage.StorageRefusedException;

/**
 * A request the worker will not sign. Becomes an {@code Error} reply; the message is for a person
 * (which field, what was wrong, what is allowed) and never holds credentials or signed URLs.
 */
public final class RequestRejected extends RuntimeException {

    private final ErrorCode code;

    public RequestRejected(ErrorCode code, String message) {
        // no stack trace: rejections are ordinary replies, not bugs, and may come by the thousand
        super(message, null, false, false);
        this.code = code;
    }

    public static RequestRejected invalid(String message) {
        return new RequestRejected(ErrorCode.INVALID_ARGUMENT, message);
    }

    /**
     * Storage refused to look at {@code what} for good: PERMISSION_DENIED for 401 and 403, INVALID_ARGUMENT for the
     * rest (a key storage will not take). Not INTERNAL, which invites a retry that cannot succeed.
     */
    public static RequestRejected storageRefused(String what, StorageRefusedException e) {
        return e.isAccessDenied()
                ? new RequestRejected(ErrorCode.PERMISSION_DENIED, "storage denies access to " + what + " (HTTP " + e.status()
                        + "); a retry will not help")
                : invalid("storage refuses " + what + " (HTTP " + e.status() + "); a retry will not help");
    }

    public ErrorCode code() {
        return code;
    }
}
