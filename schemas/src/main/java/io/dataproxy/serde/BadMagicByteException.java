package io.dataproxy.serde;

import org.apache.kafka.common.errors.SerializationException;

/** The record does not start with the Confluent magic byte 0x00, so it was not written by an Avro wire serde. */
public class BadMagicByteException extends SerializationException {

    public BadMagicByteException(byte found) {
        super(String.format("first byte is 0x%02x not 0x00; not Confluent wire format", found & 0xff));
    }
}
