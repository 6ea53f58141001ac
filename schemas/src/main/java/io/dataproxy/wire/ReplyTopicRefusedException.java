package io.dataproxy.wire;

/** A request named a reply topic the service does not write to ({@link ReplyTopics}); the reason of its dead letter. */
public final class ReplyTopicRefusedException extends RuntimeException {

    public ReplyTopicRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
