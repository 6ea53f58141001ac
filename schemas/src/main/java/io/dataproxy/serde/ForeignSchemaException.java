package io.dataproxy.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The record is valid Avro, but of another record type than the topic carries (e.g. a URL request produced to
 * the catalog's command topic). Refused before schema resolution, which could otherwise map one type onto
 * another whose fields happen to fit.
 */
public class ForeignSchemaException extends SerializationException {

    public ForeignSchemaException(String message) {
        super(message);
    }
}
