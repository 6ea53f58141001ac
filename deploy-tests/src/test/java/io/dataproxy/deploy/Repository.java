package io.dataproxy.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dataproxy.config.LayeredConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The repository the deployment files live in, and what the services accept as configuration. */
final class Repository {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Tests run in deploy-tests/, one level below the root. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static final Path SIGNER_DEFAULTS = ROOT.resolve("signer-worker/src/main/resources/signer-defaults.yaml");
    static final Path CATALOG_DEFAULTS = ROOT.resolve("streams-app/src/main/resources/catalog-defaults.yaml");

    private Repository() {
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every key of a defaults YAML outside the pass-through {@code kafka} section, dotted ({@code storage.connection.endpoint}). */
    static Set<String> keys(Path defaults) {
        Set<String> keys = new TreeSet<>();
        collect(yaml(defaults), "", keys);
        keys.removeIf(key -> key.startsWith("kafka."));
        return keys;
    }

    private static void collect(JsonNode node, String prefix, Set<String> keys) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isObject()) {
                collect(field.getValue(), prefix + field.getKey() + ".", keys);
            } else {
                keys.add(prefix + field.getKey());
            }
        }
    }

    /** The environment variables a service reads: one per key ({@link LayeredConfig#envName}), and any {@code KAFKA_*}. */
    static boolean isKnownEnvironmentVariable(Set<String> keys, String name) {
        return name.startsWith("KAFKA_") && name.length() > "KAFKA_".length()
                || keys.stream().map(LayeredConfig::envName).anyMatch(name::equals);
    }

    static boolean exists(String relative) {
        return Files.exists(ROOT.resolve(relative));
    }
}
