package io.dataproxy.catalog;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;

/** A request the rules refuse: becomes an {@code Error} reply; nothing is written and nothing is published. */
public final class CatalogException extends RuntimeException {

    private final ErrorCode code;

    public CatalogException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static CatalogException invalid(String message) {
        return new CatalogException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static CatalogException notFound(String message) {
        return new CatalogException(ErrorCode.NOT_FOUND, message);
    }

    public static CatalogException alreadyExists(String message) {
        return new CatalogException(ErrorCode.ALREADY_EXISTS, message);
    }

    public ErrorCode code() {
        return code;
    }

    public Error toError() {
        return Error.newBuilder().setCode(code).setMessage(getMessage()).build();
    }
}
