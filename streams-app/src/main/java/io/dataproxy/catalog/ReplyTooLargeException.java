package io.dataproxy.catalog;

/** Not even an error reply to a request would fit where it must go: the reason its dead letter gives. */
public final class ReplyTooLargeException extends RuntimeException {

    public ReplyTooLargeException(String message) {
        super(message, null, false, false);
    }
}
