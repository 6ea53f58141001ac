package io.dataproxy.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * In-memory registry behind {@code mock://scope} URLs, as Confluent's serdes offer for tests. Every serde
 * configured with the same scope shares one instance, so a producer and a consumer in one test see the same ids.
 *
 * <p>Like Confluent's registry, ids are global: the same schema under another subject gets the same id. No
 * compatibility check is done here.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> idsBySubject = new HashMap<>();
    private int lastId;

    private MockSchemaRegistry(String scope) {
        this.scope = scope;
    }

    /** The registry of this scope, created on first use. */
    public static MockSchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
    }

    /** Forgets a scope, so the next {@link #forScope} starts empty. For test clean-up. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        int id = idsBySchemaText.computeIfAbsent(schema.toString(), text -> {
            schemasById.put(++lastId, schema);
            return lastId;
        });
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        List<Integer> versions = idsBySubject.get(subject);
        if (versions == null) {
            throw SchemaRegistryException.subjectNotFound("subject '" + subject + "' not found in " + this);
        }
        Integer id = idsBySchemaText.get(schema.toString());
        if (id == null || !versions.contains(id)) {
            throw SchemaRegistryException.schemaNotFound(
                    "schema " + schema.getFullName() + " is not registered under subject '" + subject + "' in " + this);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw SchemaRegistryException.schemaNotFound("schema id " + id + " not found in " + this);
        }
        return schema;
    }

    /** Subjects registered so far, for assertions in tests. */
    public synchronized List<String> subjects() {
        return List.copyOf(idsBySubject.keySet());
    }

    /** Closing a shared scope would surprise the other serdes using it; use {@link #dropScope} instead. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "mock://" + scope;
    }
}
