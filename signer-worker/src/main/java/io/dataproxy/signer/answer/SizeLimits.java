package io.dataproxy.signer.answer;

import io.dataproxy.wire.TopicLookup;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The largest record this service may write to a topic: the smaller of the producer's {@code max.request.size} (the
 * producer refuses more) and the topic's {@code max.message.bytes} (the broker refuses more), both compared with
 * {@link io.dataproxy.wire.RecordSize}. A topic whose settings cannot be read now is bounded by the producer's limit
 * alone; should the broker's be smaller, its refusal takes the same way as an answer that does not fit.
 */
public final class SizeLimits {

    /** Kafka's default {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    private final int maxRequestSize;
    private final TopicLookup topics;

    public SizeLimits(int maxRequestSize, TopicLookup topics) {
        this.maxRequestSize = maxRequestSize;
        this.topics = topics;
    }

    /** The producer's {@code max.request.size} as {@code kafka} sets it, or Kafka's default. */
    public static int maxRequestSize(Map<String, ?> kafka) {
        Object value = kafka.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return value == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(value.toString().trim());
    }

    public int of(String topic) {
        try {
            return topics.find(topic).map(found -> Math.min(maxRequestSize, found.maxMessageBytes())).orElse(maxRequestSize);
        } catch (TopicLookup.TopicLookupException e) {
            return maxRequestSize;
        }
    }

    public int maxRequestSize() {
        return maxRequestSize;
    }
}
