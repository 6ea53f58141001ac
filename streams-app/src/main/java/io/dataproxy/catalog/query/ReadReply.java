package io.dataproxy.catalog.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.formatter.AvroJson;
import java.io.UncheckedIOException;
import org.apache.avro.specific.SpecificRecord;

/**
 * An HTTP answer of the read path: a status and a JSON body. A result is its Avro reply record as JSON
 * ({@link AvroJson}: the record's fields, timestamps as ISO-8601, bytes as base64), e.g. {@code {"artifact": {...}}};
 * an error is {@code {"code": ..., "message": ...}}, the reply's {@code Error}, with the status its code maps to.
 *
 * @param retryAfterSeconds for a 503: when to try again; {@code null} otherwise
 * @param servedBy          for a forwarded read: the instance that answered it; {@code null}: this one
 */
record ReadReply(int status, byte[] json, Integer retryAfterSeconds, String servedBy) {

    ReadReply(int status, byte[] json, Integer retryAfterSeconds) {
        this(status, json, retryAfterSeconds, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Not an {@link ErrorCode} (the Kafka path never needs it): this instance cannot answer now; retry. */
    static final String UNAVAILABLE = "UNAVAILABLE";

    /** A reply body of the rules: a result record or an {@code Error}. */
    static ReadReply of(Object body) {
        if (body instanceof Error error) {
            return error(status(error.getCode()), error.getCode().name(), error.getMessage());
        }
        SpecificRecord record = (SpecificRecord) body;
        return new ReadReply(200, bytes(AvroJson.of(record, record.getSchema())), null);
    }

    static ReadReply error(int status, String code, String message) {
        ObjectNode node = JSON.createObjectNode().put("code", code).put("message", message);
        return new ReadReply(status, bytes(node), null);
    }

    static ReadReply invalid(String message) {
        return error(400, ErrorCode.INVALID_ARGUMENT.name(), message);
    }

    static ReadReply unavailable(String message) {
        return new ReadReply(503, error(503, UNAVAILABLE, message).json(), 1);
    }

    /** The HTTP status of a reply's error code: gRPC's usual mapping. */
    static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> 400;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS -> 409;
            case UNIMPLEMENTED -> 501;
            case DEADLINE_EXCEEDED -> 504;
            case INTERNAL -> 500;
        };
    }

    private static byte[] bytes(Object node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
