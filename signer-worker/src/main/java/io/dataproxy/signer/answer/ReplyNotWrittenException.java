package io.dataproxy.signer.answer;

/**
 * Neither a request's reply nor an error reply in its place could be written (both too large, or the second refused
 * too): the reason of its dead letter, naming each attempt.
 */
public final class ReplyNotWrittenException extends RuntimeException {

    public ReplyNotWrittenException(String message) {
        super(message, null, false, false);
    }
}
