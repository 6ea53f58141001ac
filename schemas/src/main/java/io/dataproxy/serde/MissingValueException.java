package io.dataproxy.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A record without a value (null or zero bytes) on a topic whose every record must carry one. */
public class MissingValueException extends SerializationException {

    public MissingValueException(String message) {
        super(message);
    }
}
