package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CatalogRequest;

/**
 * A record of the commands topic as the processor receives it: its bytes, and the request they hold or why they
 * hold none ({@code poison}: not the wire format, an unknown schema id, another topic's record type, corrupt Avro,
 * no value). Poison reaches the processor as a value, so it is dead-lettered and answered there, in the same
 * transaction and under the same reply rules as every other outcome, and logged once by the catalog (Kafka Streams
 * logs a stack trace at WARN for every record a deserialization handler skips).
 */
record ReceivedCommand(CatalogRequest request, byte[] bytes, RuntimeException poison) {

    static ReceivedCommand of(CatalogRequest request, byte[] bytes) {
        return new ReceivedCommand(request, bytes, null);
    }

    static ReceivedCommand poison(byte[] bytes, RuntimeException why) {
        return new ReceivedCommand(null, bytes, why);
    }

    boolean isPoison() {
        return poison != null;
    }
}
