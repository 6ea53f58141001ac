package io.dataproxy.signer;

import io.dataproxy.avro.common.ErrorCode;

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

    public ErrorCode code() {
        return code;
    }
}
