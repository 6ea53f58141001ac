package io.dataproxy.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Request/reply headers, named as Spring Kafka's {@code ReplyingKafkaTemplate} names them, so Spring
 * clients and ours interoperate (docs/wire-contract.md, "Request and reply").
 */
public final class RequestReplyHeaders {

    /** Bytes chosen by the requester; echoed unchanged on the reply. */
    public static final String CORRELATION_ID = "kafka_correlationId";
    /** UTF-8 topic name the reply goes to. */
    public static final String REPLY_TOPIC = "kafka_replyTopic";
    /** Optional 4-byte big-endian partition the reply goes to. */
    public static final String REPLY_PARTITION = "kafka_replyPartition";

    private RequestReplyHeaders() {
    }

    public static Optional<byte[]> correlationId(Headers headers) {
        return Optional.ofNullable(headers.lastHeader(CORRELATION_ID)).map(Header::value);
    }

    public static Optional<String> replyTopic(Headers headers) {
        Header h = headers.lastHeader(REPLY_TOPIC);
        if (h == null || h.value() == null || h.value().length == 0) {
            return Optional.empty();
        }
        return Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    /** Empty when absent or not exactly four bytes. */
    public static OptionalInt replyPartition(Headers headers) {
        Header h = headers.lastHeader(REPLY_PARTITION);
        if (h == null || h.value() == null || h.value().length != 4) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(ByteBuffer.wrap(h.value()).getInt());
    }

    public static byte[] partitionBytes(int partition) {
        return ByteBuffer.allocate(4).putInt(partition).array();
    }
}
