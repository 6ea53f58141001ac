package io.dataproxy.cleanup;

/** A released URI that breaks the one key rule (or does not parse): never deleted, dead-lettered with this reason. */
public final class MalformedUriException extends RuntimeException {

    public MalformedUriException(String message) {
        super(message, null, false, false);
    }
}
