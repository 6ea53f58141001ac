package io.dataproxy.signer.answer;

/** A reply larger than what may be written to its topic ({@link SizeLimits}); it was not sent. */
public final class ReplyTooLargeException extends RuntimeException {

    public ReplyTooLargeException(String what, int bytes, int limit, String topic) {
        super(what + " would be " + bytes + " bytes; " + topic + " takes at most " + limit
                + " (the smaller of the producer's max.request.size and the topic's max.message.bytes)", null, false, false);
    }
}
