package io.dataproxy.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that a serde needs. Implementations cache every answer, so
 * calling these on the hot path costs one map lookup after the first call.
 *
 * <p>Confluent's own client jars are not on Maven Central, which is why this project carries this small client.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /**
     * Looks up the id of a schema already registered under {@code subject}.
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#isNotFound()} when it is not registered
     */
    int idOf(String subject, Schema schema);

    /**
     * The schema with this global id.
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#isNotFound()} when no schema has this id
     */
    Schema schemaById(int id);

    @Override
    void close();
}
