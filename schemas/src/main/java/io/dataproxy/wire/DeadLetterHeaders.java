package io.dataproxy.wire;

/**
 * Headers on a dead letter ({@code <topic>-dlt}), named as Spring Kafka's
 * {@code DeadLetterPublishingRecoverer} names them, so existing tooling reads them.
 */
public final class DeadLetterHeaders {

    public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    public static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";
    public static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    public static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";

    /** The dead-letter topic of {@code topic}. */
    public static String deadLetterTopic(String topic) {
        return topic + "-dlt";
    }

    private DeadLetterHeaders() {
    }
}
