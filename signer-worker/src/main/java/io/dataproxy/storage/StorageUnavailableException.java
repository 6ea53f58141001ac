package io.dataproxy.storage;

/**
 * Storage could not answer (network, timeout, throttling, server error): a retry may succeed. The message names
 * the operation and the object, never credentials or signed URLs.
 */
public final class StorageUnavailableException extends StorageException {

    /** @param cause not kept: SDK exceptions may echo a request URL, so nothing that prints the cause can leak one */
    public StorageUnavailableException(String message, Throwable cause) {
        super(message);
    }

    /** Storage did not answer. Only the exception's class is named: SDK messages may echo a request URL. */
    public static StorageUnavailableException unreachable(String operation, ObjectLocation location, Exception e) {
        return new StorageUnavailableException(operation + " " + location + " failed: storage unreachable ("
                + e.getClass().getSimpleName() + ")", null);
    }
}
