package io.dataproxy.catalog;

import java.util.OptionalInt;

/**
 * Whether a topic exists, and the largest record it takes: asked before the catalog writes to a topic a request
 * named, so that a missing topic is never auto-created and a record is sized for where it goes. The app asks the
 * cluster (cached); a topology test passes a fixed answer.
 */
@FunctionalInterface
public interface TopicLimits {

    /** The topic's {@code max.message.bytes}, or empty when the topic does not exist. */
    OptionalInt maxMessageBytes(String topic);

    /** Every topic exists and takes records of up to {@code maxMessageBytes}. */
    static TopicLimits everyTopic(int maxMessageBytes) {
        return topic -> OptionalInt.of(maxMessageBytes);
    }
}
