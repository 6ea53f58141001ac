package io.dataproxy.wire;

import java.util.Map;
import java.util.Optional;

/**
 * One topic of the wire contract: its default name (every name is configurable), the Avro record its values
 * are, the topic settings the services' correctness relies on, and its dead-letter topic when a service
 * consumes it.
 *
 * @param requiredConfigs topic settings that must hold exactly (e.g. {@code cleanup.policy=compact}); checked at
 *                        start-up by the service that relies on them, set by every routine that creates the topic
 * @param deadLetters     true when a service consumes the topic, so it has {@code <name>-dlt}
 * @param consumerGroup   the default group (or Kafka Streams application id) of the service that consumes it, or
 *                        {@code null}: what {@code dataproxy replay} moves
 */
public record TopicSpec(String defaultName, String valueType, Map<String, String> requiredConfigs, boolean deadLetters,
                        String consumerGroup) {

    public TopicSpec {
        requiredConfigs = Map.copyOf(requiredConfigs);
    }

    /** The consuming service's default group, if a service consumes the topic. */
    public Optional<String> owningGroup() {
        return Optional.ofNullable(consumerGroup);
    }

    /** The dead-letter topic of a topic named {@code name}, if this kind of topic has one. */
    public Optional<String> deadLetterTopic(String name) {
        return deadLetters ? Optional.of(DeadLetterHeaders.deadLetterTopic(name)) : Optional.empty();
    }
}
