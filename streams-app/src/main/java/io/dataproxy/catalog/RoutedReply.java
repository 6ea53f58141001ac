package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.wire.RequestReplyHeaders;
import java.util.OptionalInt;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A reply with where it goes. Kafka Streams' sink decides topic and partition from key and value only (a
 * {@code StreamPartitioner} never sees headers), so the reply topic and partition travel in the value.
 *
 * @param partition the requested partition, or {@code null} for the default partitioner (by key)
 * @param encoded   the reply already serialized for {@code topic} (the catalog sizes it before it is sent), or
 *                  {@code null} to have {@link RoutedReplySerde} serialize {@code reply}
 */
public record RoutedReply(String topic, Integer partition, CatalogReply reply, byte[] encoded) implements CatalogOutput {

    public RoutedReply(String topic, Integer partition, CatalogReply reply) {
        this(topic, partition, reply, null);
    }

    /**
     * Routed as the request's headers ask, or to {@code defaultTopic}, without checking the topic against an
     * allow-list: for a pass-through that answers on topics it trusts. The catalog routes with {@code ReplyRouter}.
     */
    public static RoutedReply forRequest(Headers requestHeaders, String defaultTopic, CatalogReply reply) {
        OptionalInt partition = RequestReplyHeaders.replyPartition(requestHeaders);
        return new RoutedReply(RequestReplyHeaders.replyTopic(requestHeaders).orElse(defaultTopic),
                partition.isPresent() ? partition.getAsInt() : null, reply);
    }

    /** The reply's headers: only the request's correlation id; its routing headers must not ride along. */
    public static Headers headersFor(Headers requestHeaders) {
        Headers headers = new RecordHeaders();
        RequestReplyHeaders.correlationId(requestHeaders).ifPresent(id -> headers.add(RequestReplyHeaders.CORRELATION_ID, id));
        return headers;
    }
}
