package io.dataproxy.catalog.app;

import io.dataproxy.catalog.TopicLimits;
import io.dataproxy.wire.TopicLookup;
import java.util.OptionalInt;

/**
 * {@link TopicLimits} asked of the cluster through the admin client ({@link TopicLookup}: cached, never creates a
 * topic). When the cluster cannot be asked, the lookup throws: that says nothing about the record, so the stream
 * thread fails and is replaced, and the record is read again.
 */
final class LookedUpTopicLimits implements TopicLimits {

    private final TopicLookup lookup;

    LookedUpTopicLimits(TopicLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public OptionalInt maxMessageBytes(String topic) {
        return lookup.find(topic).map(found -> OptionalInt.of(found.maxMessageBytes())).orElse(OptionalInt.empty());
    }
}
