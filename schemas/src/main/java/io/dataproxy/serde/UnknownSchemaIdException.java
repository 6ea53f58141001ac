package io.dataproxy.serde;

import org.apache.kafka.common.errors.SerializationException;

/** The schema id in the record's header is not known to the schema registry. */
public class UnknownSchemaIdException extends SerializationException {

    private final int schemaId;

    public UnknownSchemaIdException(int schemaId, String message, Throwable cause) {
        super(message, cause);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
