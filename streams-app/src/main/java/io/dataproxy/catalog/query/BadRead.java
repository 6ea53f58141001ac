package io.dataproxy.catalog.query;

/** A request the read path cannot take as a read (a missing or malformed parameter): 400 {@code INVALID_ARGUMENT}. */
final class BadRead extends RuntimeException {

    BadRead(String message) {
        super(message, null, false, false);
    }
}
