package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.Done;
import io.dataproxy.wire.RecordSize;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * What a reply to one request takes besides its result: the record's framing, the key, the correlation id header
 * and the request id, measured as the record of a reply with no result ({@link RecordSize}, without serializing it,
 * so without the schema registry). From it follow, before the request is executed, whether even an error reply could
 * be sent, how much room the reply leaves for a result, and what a write's reply and events need beside what it
 * stores ({@link ReplyBudget}).
 *
 * @param bytes    the record of a reply without a result
 * @param keyBytes the dataset key, which a write's events carry once more as the dataset id
 */
record ReplyEnvelope(int bytes, int keyBytes) {

    /** The Confluent wire format's magic byte and schema id, before the Avro body. */
    private static final int WIRE_HEADER_BYTES = 5;
    /** An error reply's message, at most {@link ReplyWriter#MAX_ERROR_MESSAGE_CHARS} and a cut mark, in UTF-8. */
    private static final int MAX_ERROR_MESSAGE_BYTES = 3 * (ReplyWriter.MAX_ERROR_MESSAGE_CHARS + 1);
    /** What the varint lengths of a larger value and a union's branch may add to the reply measured without a result. */
    private static final int SLACK = 32;

    static ReplyEnvelope of(byte[] key, String requestId, Headers replyHeaders) {
        CatalogReply empty = CatalogReply.newBuilder().setRequestId(requestId).setBody(new Done(false)).build();
        int value = (int) Math.min(WIRE_HEADER_BYTES + EncodedSize.of(empty), Integer.MAX_VALUE / 2);
        // an empty value takes a 1-byte length; a value of n bytes its varint length and n bytes
        int bytes = RecordSize.of(key, new byte[0], replyHeaders.toArray()) - 1 + ByteUtils.sizeOfVarint(value) + value;
        return new ReplyEnvelope(bytes, key == null ? 0 : key.length);
    }

    /** The largest error reply this request could get: it must fit where the reply goes, or the request is not executed. */
    int errorReplyBytes() {
        return bytes + MAX_ERROR_MESSAGE_BYTES + SLACK;
    }

    /** What a write's reply and events take beside what it stores: the reply's envelope, the key again, one store-key id. */
    int writeBytes() {
        return bytes + keyBytes + Arguments.MAX_ID_BYTES;
    }

    /** The bytes a reply to {@code target} has for its result (an artifact, a page). */
    long room(ReplyRouter.Target target) {
        return target.maxBytes() - bytes - SLACK;
    }
}
