package io.dataproxy.registry.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The registry's state: global schema ids, subjects with their versions, compatibility levels. Schemas are
 * identified by their parsed form ({@link Schema#toString()}), so formatting differences do not make a new id.
 * Every change is written to the {@link ChangeLog} (when there is one) before it is applied.
 */
final class SchemaStore implements Closeable {

    static final Compatibility DEFAULT_LEVEL = Compatibility.BACKWARD;

    /** One version of a subject. */
    record Version(String subject, int version, int id, Schema schema) {
    }

    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final NavigableMap<String, NavigableMap<Integer, Integer>> idsBySubjectVersion = new TreeMap<>();
    private final Map<String, Compatibility> subjectLevels = new HashMap<>();
    private Compatibility globalLevel = DEFAULT_LEVEL;
    private int lastId;
    private final ChangeLog changeLog;

    /** @param dataDir null to keep everything in memory */
    SchemaStore(Path dataDir) throws IOException {
        this.changeLog = dataDir == null ? null : ChangeLog.open(dataDir, this::apply);
    }

    synchronized Version register(String subject, Schema schema) throws RegistryError {
        String text = schema.toString();
        Integer knownId = idsByText.get(text);
        NavigableMap<Integer, Integer> versions = idsBySubjectVersion.getOrDefault(subject, new TreeMap<>());
        if (knownId != null) {
            for (Map.Entry<Integer, Integer> v : versions.entrySet()) {
                if (v.getValue().equals(knownId)) {
                    return new Version(subject, v.getKey(), knownId, schemasById.get(knownId));
                }
            }
        }
        List<String> problems = level(subject).problems(schema, schemasOf(versions));
        if (!problems.isEmpty()) {
            throw new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for subject '"
                    + subject + "' (compatibility " + level(subject) + "): " + String.join("; ", problems));
        }
        int id = knownId != null ? knownId : lastId + 1;
        int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        record(change("schema").put("subject", subject).put("version", version).put("id", id).put("schema", text));
        return new Version(subject, version, id, schemasById.get(id));
    }

    synchronized Version lookup(String subject, Schema schema) throws RegistryError {
        NavigableMap<Integer, Integer> versions = idsBySubjectVersion.get(subject);
        if (versions == null) {
            throw RegistryError.subjectNotFound(subject);
        }
        Integer id = idsByText.get(schema.toString());
        for (Map.Entry<Integer, Integer> v : versions.entrySet()) {
            if (v.getValue().equals(id)) {
                return new Version(subject, v.getKey(), id, schemasById.get(id));
            }
        }
        throw RegistryError.schemaNotFound();
    }

    synchronized Schema schemaById(int id) throws RegistryError {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new RegistryError(404, 40403, "Schema " + id + " not found");
        }
        return schema;
    }

    /** Where schema {@code id} is registered. */
    synchronized List<Version> versionsOf(int id) throws RegistryError {
        Schema schema = schemaById(id);
        List<Version> found = new ArrayList<>();
        idsBySubjectVersion.forEach((subject, versions) -> versions.forEach((version, versionId) -> {
            if (versionId == id) {
                found.add(new Version(subject, version, id, schema));
            }
        }));
        return found;
    }

    synchronized List<String> subjects() {
        return List.copyOf(idsBySubjectVersion.keySet());
    }

    synchronized List<Integer> versions(String subject) throws RegistryError {
        return List.copyOf(versionsOrThrow(subject).keySet());
    }

    /** @param version a positive version number, or "latest" / "-1" */
    synchronized Version version(String subject, String version) throws RegistryError {
        NavigableMap<Integer, Integer> versions = versionsOrThrow(subject);
        int number = "latest".equals(version) || "-1".equals(version) ? versions.lastKey() : parseVersion(version);
        Integer id = versions.get(number);
        if (id == null) {
            throw RegistryError.versionNotFound(subject, version);
        }
        return new Version(subject, number, id, schemasById.get(id));
    }

    /** Hard delete; the ids stay readable, since records written with them may still be in topics. */
    synchronized List<Integer> deleteSubject(String subject) throws RegistryError {
        List<Integer> deleted = List.copyOf(versionsOrThrow(subject).keySet());
        record(change("delete_subject").put("subject", subject));
        return deleted;
    }

    synchronized Compatibility globalLevel() {
        return globalLevel;
    }

    /** The subject's own level, or null when it follows the global one. */
    synchronized Compatibility subjectLevel(String subject) {
        return subjectLevels.get(subject);
    }

    synchronized Compatibility level(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    /** @param subject null for the global level; @param level null to drop a subject's own level */
    synchronized void setLevel(String subject, Compatibility level) throws RegistryError {
        ObjectNode change = change("config").put("subject", subject);
        change.put("compatibility", level == null ? null : level.name());
        record(change);
    }

    /** Problems that would stop {@code candidate} from following the given version (all of them when transitive). */
    synchronized List<String> compatibilityProblems(String subject, String version, Schema candidate) throws RegistryError {
        Version against = version(subject, version);
        Compatibility level = level(subject);
        boolean latest = against.version() == idsBySubjectVersion.get(subject).lastKey();
        List<Schema> existing = latest
                ? schemasOf(idsBySubjectVersion.get(subject))
                : List.of(against.schema());
        return level.problems(candidate, existing);
    }

    private NavigableMap<Integer, Integer> versionsOrThrow(String subject) throws RegistryError {
        NavigableMap<Integer, Integer> versions = idsBySubjectVersion.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions;
    }

    private static int parseVersion(String version) throws RegistryError {
        try {
            int number = Integer.parseInt(version);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new RegistryError(422, 42202, "The specified version '" + version + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private List<Schema> schemasOf(NavigableMap<Integer, Integer> versions) {
        List<Schema> schemas = new ArrayList<>();
        versions.values().forEach(id -> schemas.add(schemasById.get(id)));
        return schemas;
    }

    private static ObjectNode change(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    private void record(ObjectNode change) throws RegistryError {
        if (changeLog != null) {
            try {
                changeLog.append(change);
            } catch (IOException e) {
                throw new RegistryError(500, 50001, "Error in the backend data store: could not write " + changeLog + ": " + e);
            }
        }
        apply(change);
    }

    /** Applies a change, live or on replay. */
    private void apply(JsonNode change) {
        String subject = change.path("subject").isTextual() ? change.get("subject").asText() : null;
        switch (change.path("type").asText()) {
            case "schema" -> {
                int id = change.get("id").asInt();
                String text = change.get("schema").asText();
                if (!schemasById.containsKey(id)) {
                    schemasById.put(id, new Schema.Parser().parse(text));
                    idsByText.put(text, id);
                }
                lastId = Math.max(lastId, id);
                idsBySubjectVersion.computeIfAbsent(subject, s -> new TreeMap<>()).put(change.get("version").asInt(), id);
            }
            case "delete_subject" -> {
                idsBySubjectVersion.remove(subject);
                subjectLevels.remove(subject);
            }
            case "config" -> {
                String level = change.path("compatibility").isTextual() ? change.get("compatibility").asText() : null;
                if (subject == null) {
                    globalLevel = level == null ? DEFAULT_LEVEL : Compatibility.valueOf(level);
                } else if (level == null) {
                    subjectLevels.remove(subject);
                } else {
                    subjectLevels.put(subject, Compatibility.valueOf(level));
                }
            }
            default -> throw new IllegalStateException("unknown change in " + changeLog + ": " + change);
        }
    }

    @Override
    public synchronized void close() {
        if (changeLog != null) {
            try {
                changeLog.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
