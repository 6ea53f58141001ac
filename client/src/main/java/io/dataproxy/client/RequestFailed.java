package io.dataproxy.client;

import io.dataproxy.avro.common.ErrorCode;

/** The service answered with an error: {@link #code()} says which kind, the message says why. */
public final class RequestFailed extends RuntimeException {

    private final ErrorCode code;

    public RequestFailed(ErrorCode code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
