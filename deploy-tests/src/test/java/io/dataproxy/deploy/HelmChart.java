package io.dataproxy.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** helm/dataproxy rendered by Helm's own engine (helm-java), parsed into manifests. */
final class HelmChart {

    static final Path CHART = Repository.ROOT.resolve("helm/dataproxy");

    private HelmChart() {
    }

    static Helm helm() {
        return new Helm(CHART);
    }

    /** {@code helm template} with the chart's defaults overridden by {@code values} (YAML; empty for none). */
    static Manifests render(Path workDir, String values) {
        TemplateCommand template = helm().template().withName("dp").withNamespace("data");
        if (!values.isBlank()) {
            try {
                Path file = Files.createTempFile(workDir, "values", ".yaml");
                Files.writeString(file, values);
                template = template.withValuesFile(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Manifests.parse(template.call());
    }

    record Manifests(String text, List<JsonNode> documents) {

        static Manifests parse(String text) {
            List<JsonNode> documents = new ArrayList<>();
            try (MappingIterator<JsonNode> it = Repository.YAML.readerFor(JsonNode.class).readValues(text)) {
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                        documents.add(doc);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Manifests(text, documents);
        }

        List<JsonNode> ofKind(String kind) {
            return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        }

        Optional<JsonNode> find(String kind, String name) {
            return ofKind(kind).stream().filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst();
        }

        JsonNode get(String kind, String name) {
            return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in:\n" + text));
        }

        List<String> kinds() {
            return documents.stream().map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()).toList();
        }

        /** A file of the ConfigMap, parsed: what the service reads with --config. */
        JsonNode configFile(String key) {
            String yaml = get("ConfigMap", "dp-dataproxy-config").path("data").path(key).asText();
            try {
                return Repository.YAML.readTree(yaml);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
