package io.dataproxy.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where a service may write a reply. A requester names its reply topic in {@code kafka_replyTopic}; the
 * service writes there only if its configuration allows that topic, by exact name or by prefix. Its own reply
 * topic is always allowed and is where a request without the header is answered. A request naming any other
 * topic is refused before anything is written, registered or created: otherwise any client could make a
 * service write into another service's topic, or register a schema under that topic's subject.
 *
 * <p>Pure: it decides from the headers and the configuration. Whether an allowed topic exists is the
 * caller's check (a producer would let the broker auto-create it).
 */
public final class ReplyTopics {

    /** Kafka's rule for topic names: its legal characters, at most 249 of them, and neither "." nor "..". */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final String defaultTopic;
    private final Set<String> allowed;
    private final List<String> allowedPrefixes;

    /**
     * @param defaultTopic    the service's own reply topic
     * @param allowed         further topics a request may name exactly
     * @param allowedPrefixes prefixes of further topics a request may name (e.g. {@code dataproxy.url.replies.})
     */
    public ReplyTopics(String defaultTopic, Set<String> allowed, List<String> allowedPrefixes) {
        this.defaultTopic = defaultTopic;
        this.allowed = Set.copyOf(allowed);
        this.allowedPrefixes = List.copyOf(allowedPrefixes);
    }

    /** Only the service's own reply topic. */
    public static ReplyTopics only(String defaultTopic) {
        return new ReplyTopics(defaultTopic, Set.of(), List.of());
    }

    /** Where the reply to a request with these headers goes. */
    public sealed interface Route permits To, Refused {
    }

    /**
     * @param partition the {@code kafka_replyPartition} the request named, or {@code null} for the producer's choice
     * @param named     true when the request named the topic (false: the service's default)
     */
    public record To(String topic, Integer partition, boolean named) implements Route {
    }

    /** The request named a topic the service does not write to; {@code reason} says which and why (escaped). */
    public record Refused(String reason) implements Route {
        /** The reason as the exception a dead letter names in its headers. */
        public ReplyTopicRefusedException asException() {
            return new ReplyTopicRefusedException(reason);
        }
    }

    public Route route(Headers requestHeaders) {
        Header header = requestHeaders.lastHeader(RequestReplyHeaders.REPLY_TOPIC);
        OptionalInt requested = RequestReplyHeaders.replyPartition(requestHeaders);
        Integer partition = requested.isPresent() && requested.getAsInt() >= 0 ? requested.getAsInt() : null;
        if (header == null || header.value() == null || header.value().length == 0) {
            return new To(defaultTopic, partition, false);
        }
        String topic = new String(header.value(), StandardCharsets.UTF_8);
        if (topic.equals(defaultTopic)) {
            return new To(topic, partition, true);
        }
        if (!isLegalTopicName(topic)) {
            return new Refused(RequestReplyHeaders.REPLY_TOPIC + " '" + LogSafe.text(topic) + "' is not a valid topic name");
        }
        if (allowed.contains(topic) || allowedPrefixes.stream().anyMatch(topic::startsWith)) {
            return new To(topic, partition, true);
        }
        return new Refused(RequestReplyHeaders.REPLY_TOPIC + " names '" + topic + "', which this service does not reply to;"
                + " allowed: " + describe());
    }

    /** True when {@code topic} could name a Kafka topic. */
    public static boolean isLegalTopicName(String topic) {
        return LEGAL.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..");
    }

    public String defaultTopic() {
        return defaultTopic;
    }

    /** For log lines and refusals: the topics and prefixes allowed. */
    public String describe() {
        StringBuilder sb = new StringBuilder(defaultTopic);
        allowed.stream().sorted().forEach(t -> sb.append(", ").append(t));
        allowedPrefixes.forEach(p -> sb.append(", ").append(p).append('*'));
        return sb.toString();
    }
}
