package io.dataproxy.storage;

/**
 * Storage could not answer (network, permissions, server error). The message names the operation and
 * the object, never credentials or signed URLs.
 */
public final class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
