package io.dataproxy.storage;

/**
 * Storage answered and refused the operation on this object for good (HTTP 4xx other than 404, 408 and 429): a
 * key it will not take, an object lock, missing permissions. Retrying the same request cannot succeed, so the
 * signer answers it with an error and the clean-up dead-letters it.
 */
public final class StorageRefusedException extends StorageException {

    private final int status;

    public StorageRefusedException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status storage answered with. */
    public int status() {
        return status;
    }

    /** 401 or 403: storage does not let this service touch the object. */
    public boolean isAccessDenied() {
        return status == 401 || status == 403;
    }
}
