package io.dataproxy.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The record has the Confluent header but its Avro body cannot be decoded with the writer schema: too short,
 * malformed, bytes left over, or not readable as the reader type.
 */
public class CorruptAvroException extends SerializationException {

    public CorruptAvroException(String message) {
        super(message);
    }

    public CorruptAvroException(String message, Throwable cause) {
        super(message, cause);
    }
}
