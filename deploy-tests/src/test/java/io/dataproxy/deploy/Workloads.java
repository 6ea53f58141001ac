package io.dataproxy.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading a rendered Deployment or StatefulSet: its first container, an env variable, a mount, a volume. */
final class Workloads {

    private Workloads() {
    }

    static JsonNode container(JsonNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").get(0);
    }

    static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no env " + name + " in " + container.path("env"));
    }

    static List<String> envNames(JsonNode container) {
        List<String> names = new ArrayList<>();
        container.path("env").forEach(e -> names.add(e.path("name").asText()));
        return names;
    }

    static String mountPath(JsonNode container, String volume) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("no mount of " + volume + " in " + container.path("volumeMounts"));
    }

    static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }
}
