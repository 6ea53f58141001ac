package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.DatasetPage;
import io.dataproxy.avro.catalog.Done;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.RecordSize;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Serializes replies for the topic they go to and makes them fit it: a reply larger than its topic and the producer
 * take becomes an {@code INVALID_ARGUMENT} error reply that says how to ask for less. Also tells, before a request
 * is executed, whether even an error reply to it could fit, and how much room its reply leaves for results.
 */
final class ReplyWriter {

    /** The Confluent wire format's magic byte and schema id, before the Avro body. */
    private static final int WIRE_HEADER_BYTES = 5;
    /** Error messages are cut to this many characters: a reason, not a copy of the request. */
    static final int MAX_ERROR_MESSAGE_CHARS = 1000;
    /** What the varint lengths of a larger value and a union's branch may add to a reply measured empty. */
    private static final int SLACK = 32;

    private final AvroWireSerializer<CatalogReply> serializer = new AvroWireSerializer<>();

    ReplyWriter(Map<String, ?> serdeConfig) {
        serializer.configure(serdeConfig, false);
    }

    /** The size of the largest error reply this request could get: it must fit, or the request is not executed. */
    static int errorReplySize(byte[] key, String requestId, Headers replyHeaders) {
        CatalogReply reply = CatalogReply.newBuilder().setRequestId(requestId).setBody(Error.newBuilder()
                .setCode(ErrorCode.INVALID_ARGUMENT).setMessage("x".repeat(MAX_ERROR_MESSAGE_CHARS * 3)).build()).build();
        return recordSize(key, reply, replyHeaders);
    }

    /**
     * The bytes a reply to this request has for its result (an artifact, a page): the target's limit less the reply
     * without a result.
     */
    static long room(ReplyRouter.Target target, byte[] key, String requestId, Headers replyHeaders) {
        CatalogReply empty = CatalogReply.newBuilder().setRequestId(requestId).setBody(new Done(false)).build();
        return target.maxBytes() - recordSize(key, empty, replyHeaders) - SLACK;
    }

    /**
     * What this request's keys and ids take of a write's reply and events ({@link ReplyBudget}): the reply without a
     * result, the dataset key once more (events name the dataset) and room for one id of a store key.
     */
    static int writeEnvelope(byte[] key, String requestId, Headers replyHeaders) {
        CatalogReply empty = CatalogReply.newBuilder().setRequestId(requestId).setBody(new Done(false)).build();
        return recordSize(key, empty, replyHeaders) + (key == null ? 0 : key.length) + Arguments.MAX_ID_BYTES;
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

    /** {@link RecordSize} of the reply as it would be serialized, without serializing it (no registry involved). */
    private static int recordSize(byte[] key, CatalogReply reply, Headers headers) {
        int value = (int) Math.min(WIRE_HEADER_BYTES + EncodedSize.of(reply), Integer.MAX_VALUE / 2);
        // an empty value takes a 1-byte length; a value of n bytes its varint length and n bytes
        return RecordSize.of(key, new byte[0], headers.toArray()) - 1 + ByteUtils.sizeOfVarint(value) + value;
    }
}
