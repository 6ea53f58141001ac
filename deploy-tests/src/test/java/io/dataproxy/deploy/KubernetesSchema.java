package io.dataproxy.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks rendered objects against the Kubernetes API, as fabric8's model (generated from the API's OpenAPI schemas)
 * describes it: each object is read into the class of its apiVersion and kind; a wrong type fails the read, and a
 * field the API does not have lands in a model object's additional properties, which must stay empty. Custom
 * resources with a model on the classpath (the Prometheus Operator's ServiceMonitor) are checked the same way; the
 * others (KEDA's ScaledObject, Strimzi's KafkaTopic) have none and are only checked to carry apiVersion, kind and name.
 */
final class KubernetesSchema {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Kinds without a model here; read as generic resources on purpose. */
    static final Set<String> UNMODELLED = Set.of("ScaledObject", "KafkaTopic");

    private KubernetesSchema() {
    }

    /** The problems found in every object, one line each; empty when all conform. */
    static List<String> problems(List<JsonNode> documents) {
        List<String> problems = new ArrayList<>();
        for (JsonNode document : documents) {
            String kind = document.path("kind").asText();
            String name = kind + "/" + document.path("metadata").path("name").asText();
            Object object;
            try {
                object = SERIALIZATION.unmarshal(document.toString(), KubernetesResource.class);
            } catch (RuntimeException e) {
                problems.add(name + ": not a valid " + kind + ": " + e.getMessage());
                continue;
            }
            if (object instanceof GenericKubernetesResource generic) {
                if (!UNMODELLED.contains(kind)) {
                    problems.add(name + ": " + document.path("apiVersion").asText() + " " + kind + " is not a kind the API knows");
                } else if (generic.getMetadata() == null || generic.getMetadata().getName() == null) {
                    problems.add(name + ": no metadata.name");
                }
                continue;
            }
            collectUnknownFields(object, kind, problems, new IdentityHashMap<>());
        }
        return problems;
    }

    /** Walks the model's getters; any non-empty getAdditionalProperties() is a field the API does not define. */
    private static void collectUnknownFields(Object node, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, problems, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": fields the API does not define: " + extra.keySet());
                }
            } else {
                collectUnknownFields(value, path + "." + decapitalize(getter.getName().substring(3)), problems, seen);
            }
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
