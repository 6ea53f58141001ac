package io.dataproxy.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A service's configuration in three layers, later ones winning: the defaults shipped in the jar
 * (a YAML resource that names every key), one YAML file given by the operator, and environment
 * variables.
 *
 * <p>Every key has an environment variable: path segments joined by {@code _}, camelCase and
 * kebab-case split into words, upper case ({@code dataproxy.upload.maxSize} is
 * {@code DATAPROXY_UPLOAD_MAX_SIZE}, {@code storage.connection.secret-key} is
 * {@code STORAGE_CONNECTION_SECRET_KEY}). <em>Pass-through sections</em> (such as {@code kafka})
 * hold free-form client properties: {@code KAFKA_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}.
 *
 * <p>A key in the file that the defaults do not know is an error, so a typo never silently falls
 * back to a default. Typed getters name the key in every error.
 */
public final class LayeredConfig {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ObjectNode root;
    private final Set<String> passThroughSections;

    private LayeredConfig(ObjectNode root, Set<String> passThroughSections) {
        this.root = root;
        this.passThroughSections = passThroughSections;
    }

    /**
     * @param defaultsResource classpath resource with every key and its default ({@code ~} for "no default")
     * @param file             the operator's YAML file, or null for defaults and environment only
     * @param env              the environment (injected so tests can set it)
     * @param passThroughSections top-level sections whose keys are free-form properties
     */
    public static LayeredConfig load(String defaultsResource, Path file, Map<String, String> env,
                                     Set<String> passThroughSections) {
        ObjectNode defaults = readDefaults(defaultsResource);
        ObjectNode merged = defaults.deepCopy();
        if (file != null) {
            ObjectNode user = readFile(file);
            rejectUnknownKeys(user, defaults, "", passThroughSections);
            merge(merged, user);
        }
        for (String section : passThroughSections) {
            merged.set(section, flatten(merged.path(section)));
        }
        applyEnvironment(merged, env, passThroughSections);
        return new LayeredConfig(merged, passThroughSections);
    }

    public static LayeredConfig load(String defaultsResource, Path file, Set<String> passThroughSections) {
        return load(defaultsResource, file, System.getenv(), passThroughSections);
    }

    // ---- typed getters ------------------------------------------------------------------------

    /** A required, non-blank string. */
    public String string(String key) {
        return optionalString(key).orElseThrow(() -> new ConfigException(key,
                "is required; set it in the config file or with " + envName(key)));
    }

    public Optional<String> optionalString(String key) {
        JsonNode node = node(key);
        if (node.isNull() || node.isMissingNode() || node.asText().isBlank()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            throw new ConfigException(key, "expected a single value, found a " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return Optional.of(node.asText().trim());
    }

    public int integer(String key, int min, int max) {
        String text = string(key);
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new ConfigException(key, value + " is out of range; use a whole number from " + min + " to " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + text + "' is not a whole number; use one from " + min + " to " + max);
        }
    }

    public boolean bool(String key) {
        String text = string(key).toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, "'" + text + "' is not a boolean; use true or false");
        };
    }

    /** A size in bytes, written as a byte count or a Kubernetes quantity. */
    public long bytes(String key) {
        return ByteSize.parse(key, string(key));
    }

    /** A duration written the Go way ({@code 1h30m}). */
    public Duration duration(String key) {
        return GoDuration.parse(key, string(key));
    }

    /** A duration that must be above zero. */
    public Duration positiveDuration(String key) {
        Duration d = duration(key);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(key, "must be positive, was " + string(key));
        }
        return d;
    }

    /** A duration that may be zero but not negative. */
    public Duration nonNegativeDuration(String key) {
        Duration d = duration(key);
        if (d.isNegative()) {
            throw new ConfigException(key, "must not be negative, was " + string(key));
        }
        return d;
    }

    /** A size in bytes that must be above zero. */
    public long positiveBytes(String key) {
        long size = bytes(key);
        if (size <= 0) {
            throw new ConfigException(key, "must be positive, was " + string(key));
        }
        return size;
    }

    /** A list, written as a YAML sequence or (from the environment) comma-separated. */
    public List<String> strings(String key) {
        JsonNode node = node(key);
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText().trim()));
        } else if (!node.isNull() && !node.isMissingNode() && !node.asText().isBlank()) {
            Arrays.stream(node.asText().split(",")).map(String::trim).forEach(values::add);
        }
        values.removeIf(String::isEmpty);
        return List.copyOf(values);
    }

    /** The free-form properties of a pass-through section, such as the Kafka client's. */
    public Map<String, String> passThrough(String section) {
        if (!passThroughSections.contains(section)) {
            throw new IllegalArgumentException(section + " is not a pass-through section");
        }
        Map<String, String> props = new LinkedHashMap<>();
        root.path(section).fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                props.put(e.getKey(), e.getValue().asText());
            }
        });
        return props;
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        StringBuilder sb = new StringBuilder();
        for (String segment : key.split("\\.")) {
            if (sb.length() > 0) {
                sb.append('_');
            }
            sb.append(segment.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_'));
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    private JsonNode node(String key) {
        JsonNode node = root;
        for (String segment : key.split("\\.")) {
            node = node.path(segment);
        }
        return node;
    }

    // ---- loading ------------------------------------------------------------------------------

    private static ObjectNode readDefaults(String resource) {
        try (InputStream in = LayeredConfig.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("defaults resource " + resource + " is missing from the classpath");
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode readFile(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException("--config", "cannot read " + file);
        }
        try {
            JsonNode tree = YAML.readTree(file.toFile());
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!tree.isObject()) {
                throw new ConfigException("--config", file + " must hold a YAML mapping at the top level");
            }
            return (ObjectNode) tree;
        } catch (JsonProcessingException e) {
            // Only the position: the parser's message may quote the offending line, which can hold a secret.
            JsonLocation where = e.getLocation();
            throw new ConfigException("--config", file + " is not valid YAML"
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static void rejectUnknownKeys(JsonNode user, JsonNode defaults, String prefix, Set<String> passThrough) {
        Iterator<Map.Entry<String, JsonNode>> fields = user.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            if (!defaults.has(field.getKey())) {
                Set<String> known = new TreeSet<>();
                defaults.fieldNames().forEachRemaining(known::add);
                throw new ConfigException(key, "is not a known key; known keys here are " + known);
            }
            if (prefix.isEmpty() && passThrough.contains(field.getKey())) {
                continue;
            }
            JsonNode expected = defaults.get(field.getKey());
            if (expected.isObject()) {
                if (!field.getValue().isObject() && !field.getValue().isNull()) {
                    throw new ConfigException(key, "must be a mapping with keys " + fieldNames(expected));
                }
                rejectUnknownKeys(field.getValue(), expected, key + ".", passThrough);
            }
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void merge(ObjectNode target, JsonNode source) {
        source.fields().forEachRemaining(e -> {
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode existingObject && e.getValue().isObject()) {
                merge(existingObject, e.getValue());
            } else if (!(existing != null && existing.isObject() && e.getValue().isNull())) {
                target.set(e.getKey(), e.getValue());
            }
        });
    }

    /** Nested YAML under a pass-through section becomes dotted keys: {@code bootstrap: {servers: x}} is {@code bootstrap.servers}. */
    private static ObjectNode flatten(JsonNode section) {
        ObjectNode flat = JsonNodeFactory.instance.objectNode();
        if (section.isObject()) {
            flattenInto(flat, "", section);
        }
        return flat;
    }

    private static void flattenInto(ObjectNode flat, String prefix, JsonNode node) {
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                flattenInto(flat, prefix + e.getKey() + ".", e.getValue());
            } else {
                flat.set(prefix + e.getKey(), e.getValue());
            }
        });
    }

    private static void applyEnvironment(ObjectNode merged, Map<String, String> env, Set<String> passThrough) {
        applyEnvironment(merged, "", env, passThrough);
        for (String section : passThrough) {
            String prefix = section.toUpperCase(Locale.ROOT) + "_";
            ObjectNode props = (ObjectNode) merged.get(section);
            env.forEach((name, value) -> {
                if (name.startsWith(prefix) && name.length() > prefix.length()) {
                    props.put(name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
                }
            });
        }
    }

    private static void applyEnvironment(ObjectNode node, String prefix, Map<String, String> env, Set<String> passThrough) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String key = prefix + name;
            if (prefix.isEmpty() && passThrough.contains(name)) {
                continue;
            }
            JsonNode child = node.get(name);
            if (child.isObject()) {
                applyEnvironment((ObjectNode) child, key + ".", env, passThrough);
            } else {
                String value = env.get(envName(key));
                if (value != null) {
                    node.set(name, TextNode.valueOf(value));
                }
            }
        }
    }
}
