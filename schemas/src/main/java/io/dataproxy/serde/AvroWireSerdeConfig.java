package io.dataproxy.serde;

import io.dataproxy.registry.SchemaRegistryClients;

/** Serde configuration keys, named as in Confluent's Avro serdes so existing configs work unchanged. */
public final class AvroWireSerdeConfig {

    /** Comma-separated base URLs, or {@code mock://scope}. Required unless a client is passed in. */
    public static final String SCHEMA_REGISTRY_URL = SchemaRegistryClients.SCHEMA_REGISTRY_URL;
    /** {@code true} (default): the serializer registers its schema; {@code false}: it must already be registered. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Class name of the reader type of a value deserializer built by Kafka from config. */
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    /** Class name of the reader type of a key deserializer built by Kafka from config. */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";

    private AvroWireSerdeConfig() {
    }
}
