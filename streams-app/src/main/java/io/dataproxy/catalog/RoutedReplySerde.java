package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CatalogReply;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes only the {@link CatalogReply} of a {@link RoutedReply}: the bytes it already carries, or the reply
 * serialized under the subject of the topic the sink chose; the routing is for the sink. Write-only: nothing reads a
 * routed reply back.
 */
public final class RoutedReplySerde implements Serde<RoutedReply> {

    private final Serializer<CatalogReply> replies;

    public RoutedReplySerde(Serde<CatalogReply> replies) {
        this.replies = replies.serializer();
    }

    @Override
    public Serializer<RoutedReply> serializer() {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, RoutedReply data) {
                return data == null ? null : data.encoded() != null ? data.encoded() : replies.serialize(topic, data.reply());
            }

            @Override
            public byte[] serialize(String topic, Headers headers, RoutedReply data) {
                return data == null ? null : data.encoded() != null ? data.encoded() : replies.serialize(topic, headers, data.reply());
            }
        };
    }

    @Override
    public Deserializer<RoutedReply> deserializer() {
        return (topic, data) -> {
            throw new UnsupportedOperationException("routed replies are write-only; read the reply topic as CatalogReply");
        };
    }
}
