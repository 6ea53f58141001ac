package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.DatasetPage;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.RecordSize;
import java.util.Map;
import org.apache.kafka.common.header.Headers;

/**
 * Serializes replies for the topic they go to and makes them fit it: a reply larger than its topic and the producer
 * take becomes an {@code INVALID_ARGUMENT} error reply that says how to ask for less ({@link ReplyEnvelope} tells
 * beforehand whether even that could fit). Error messages are cut.
 */
final class ReplyWriter {

    /** Error messages are cut to this many characters: a reason, not a copy of the request. */
    static final int MAX_ERROR_MESSAGE_CHARS = 1000;

    private final AvroWireSerializer<CatalogReply> serializer = new AvroWireSerializer<>();

    ReplyWriter(Map<String, ?> serdeConfig) {
        serializer.configure(serdeConfig, false);
    }

    /** The reply, serialized for its target; replaced by an error reply when it would not fit there. */
    RoutedReply write(ReplyRouter.Target target, byte[] key, Headers replyHeaders, CatalogReply reply) {
        CatalogReply capped = capped(reply);
        byte[] encoded = serializer.serialize(target.topic(), replyHeaders, capped);
        int size = RecordSize.of(key, encoded, replyHeaders.toArray());
        if (size > target.maxBytes()) {
            capped = capped(CatalogReply.newBuilder().setRequestId(reply.getRequestId()).setBody(Error.newBuilder()
                    .setCode(ErrorCode.INVALID_ARGUMENT).setMessage("the reply would be " + size + " bytes, over the "
                            + target.maxBytes() + " a record to " + target.topic() + " may take; " + howToAskForLess(reply))
                    .build()).build());
            encoded = serializer.serialize(target.topic(), replyHeaders, capped);
        }
        return new RoutedReply(target.topic(), target.partition(), capped, encoded);
    }

    private static String howToAskForLess(CatalogReply reply) {
        if (reply.getBody() instanceof ArtifactPage || reply.getBody() instanceof DatasetPage) {
            return "ask for fewer at a time (a smaller limit)";
        }
        return "nothing smaller answers this request: send a shorter request_id or kafka_correlationId, or name a reply"
                + " topic that takes larger records";
    }

    private static CatalogReply capped(CatalogReply reply) {
        if (reply.getBody() instanceof Error error && error.getMessage().length() > MAX_ERROR_MESSAGE_CHARS) {
            String message = error.getMessage();
            int end = MAX_ERROR_MESSAGE_CHARS;
            if (Character.isHighSurrogate(message.charAt(end - 1))) {
                end--; // never cut a pair in two
            }
            return CatalogReply.newBuilder(reply).setBody(Error.newBuilder(error).setMessage(message.substring(0, end) + "…")
                    .build()).build();
        }
        return reply;
    }
}
