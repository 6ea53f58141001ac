package io.dataproxy.storage;

/**
 * Storage could not answer (network, permissions, server error). The message names the operation and
 * the object, never credentials or signed URLs.
 */
public final class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Storage answered with an error: the operation, the object, the HTTP status and storage's error code. */
    static StorageUnavailableException refused(String operation, ObjectLocation location, int status, String code) {
        return new StorageUnavailableException(operation + " " + location + " failed with HTTP " + status
                + (code == null || code.isEmpty() ? "" : " " + code), null);
    }

    /**
     * Storage did not answer. Only the exception's class is named: SDK messages may echo a request URL,
     * and no cause is kept, so nothing that prints the cause can leak one either.
     */
    static StorageUnavailableException unreachable(String operation, ObjectLocation location, Exception e) {
        return new StorageUnavailableException(operation + " " + location + " failed: storage unreachable ("
                + e.getClass().getSimpleName() + ")", null);
    }
}
