package io.dataproxy.catalog.app;

import io.dataproxy.catalog.CatalogSettings;
import io.dataproxy.config.ConfigException;
import io.dataproxy.wire.ReplyTopics;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks {@code catalog.allowedReplyTopics} and {@code catalog.allowedReplyTopicPrefixes} at load: legal topic names,
 * and none that would let a request have the catalog write its replies into a topic it reads or publishes (its
 * commands, events, datasets or dead-letter topic), which would corrupt that topic and its schema subject.
 */
final class ReplyTopicsConfig {

    private static final Pattern PREFIX = Pattern.compile("[a-zA-Z0-9._-]{1,248}");

    private ReplyTopicsConfig() {
    }

    static void validate(CatalogSettings settings) {
        List<String> own = List.of(settings.commandsTopic(), settings.eventsTopic(), settings.datasetsTopic(),
                settings.deadLetterTopic());
        for (String topic : settings.allowedReplyTopics()) {
            if (!ReplyTopics.isLegalTopicName(topic)) {
                throw new ConfigException("catalog.allowedReplyTopics", "'" + topic + "' is not a valid topic name");
            }
            if (own.contains(topic)) {
                throw new ConfigException("catalog.allowedReplyTopics", "'" + topic + "' is one of the catalog's own topics"
                        + " (commands, events, datasets, dead letters); replies must not go there");
            }
        }
        for (String prefix : settings.allowedReplyTopicPrefixes()) {
            if (!PREFIX.matcher(prefix).matches()) {
                throw new ConfigException("catalog.allowedReplyTopicPrefixes", "'" + prefix + "' is not the start of a valid"
                        + " topic name (letters, digits, '.', '_', '-')");
            }
            for (String topic : own) {
                if (topic.startsWith(prefix)) {
                    throw new ConfigException("catalog.allowedReplyTopicPrefixes", "'" + prefix + "' would allow " + topic
                            + ", one of the catalog's own topics; replies must not go there (use a longer prefix)");
                }
            }
        }
    }
}
