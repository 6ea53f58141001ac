package io.dataproxy.catalog;

import io.dataproxy.wire.ReplyTopicRefusedException;
import io.dataproxy.wire.ReplyTopics;
import io.dataproxy.wire.RequestReplyHeaders;
import java.util.OptionalInt;
import org.apache.kafka.common.header.Headers;

/**
 * Where the reply to a request goes, decided before the request is executed: the catalog's reply topic, or a topic
 * the request names in {@code kafka_replyTopic} if the configured allow-list permits it ({@link ReplyTopics}) and it
 * exists (the catalog never has a topic created by writing to it). Anything else is refused, and the request is
 * dead-lettered without being executed: nothing is written to the named topic and no schema is registered for it.
 */
public final class ReplyRouter {

    /** Where a reply may go, or why it may not. */
    public sealed interface Route permits Target, Refusal {
    }

    /**
     * @param partition the requested partition, or {@code null} for the key's
     * @param maxBytes  the largest record the reply may be: the producer's {@code max.request.size} and the topic's
     *                  {@code max.message.bytes}, whichever is smaller
     */
    public record Target(String topic, Integer partition, int maxBytes) implements Route {
    }

    public record Refusal(RuntimeException reason) implements Route {
    }

    private final ReplyTopics allowed;
    private final TopicLimits limits;
    private final int maxRequestSize;

    public ReplyRouter(ReplyTopics allowed, TopicLimits limits, int maxRequestSize) {
        this.allowed = allowed;
        this.limits = limits;
        this.maxRequestSize = maxRequestSize;
    }

    public Route route(Headers requestHeaders) {
        ReplyTopics.Route route = allowed.route(requestHeaders);
        if (route instanceof ReplyTopics.Refused refused) {
            return new Refusal(refused.asException());
        }
        ReplyTopics.To to = (ReplyTopics.To) route;
        OptionalInt topicMax = limits.maxMessageBytes(to.topic());
        if (topicMax.isEmpty()) {
            return new Refusal(new ReplyTopicRefusedException(RequestReplyHeaders.REPLY_TOPIC + " names '" + to.topic()
                    + "', which does not exist; the catalog replies only to existing topics (allowed: " + allowed.describe()
                    + ")"));
        }
        return new Target(to.topic(), to.partition(), Math.min(maxRequestSize, topicMax.getAsInt()));
    }
}
