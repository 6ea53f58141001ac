package io.dataproxy.deploy;

import static io.dataproxy.deploy.Workloads.container;
import static io.dataproxy.deploy.Workloads.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.deploy.HelmChart.Manifests;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** helm/dataproxy in operation: memory, autoscaling, topic provisioning, and every object checked against the Kubernetes API. */
class HelmChartOperationsTest {

    private static final String SIGNER = "dp-dataproxy-signer";
    private static final String CATALOG = "dp-dataproxy-catalog";

    @TempDir
    Path work;

    /** The heap's share is a value of its own; javaOpts comes after it in JAVA_TOOL_OPTIONS, so a flag there wins. */
    @Test
    void theHeapShareIsAValueAndJavaOptsCanOverrideIt() {
        Manifests defaults = HelmChart.render(work, "");
        assertThat(env(container(defaults.get("Deployment", SIGNER)), "JAVA_TOOL_OPTIONS").path("value").asText())
                .isEqualTo("-XX:MaxRAMPercentage=75");
        assertThat(env(container(defaults.get("StatefulSet", CATALOG)), "JAVA_TOOL_OPTIONS").path("value").asText())
                .isEqualTo("-XX:MaxRAMPercentage=60");
        Manifests tuned = HelmChart.render(work, """
                signer: { heapPercent: 70, javaOpts: "-Xss512k" }
                catalog: { javaOpts: "-XX:MaxRAMPercentage=50" }
                """);
        assertThat(env(container(tuned.get("Deployment", SIGNER)), "JAVA_TOOL_OPTIONS").path("value").asText())
                .isEqualTo("-XX:MaxRAMPercentage=70 -Xss512k");
        assertThat(env(container(tuned.get("StatefulSet", CATALOG)), "JAVA_TOOL_OPTIONS").path("value").asText())
                .isEqualTo("-XX:MaxRAMPercentage=60 -XX:MaxRAMPercentage=50");
    }

    /** KEDA scales the worker on its consumer group's lag, never past the request topic's partitions. */
    @Test
    void theSignerCanScaleOnItsConsumerLag() {
        Manifests m = HelmChart.render(work, """
                signer:
                  autoscaling: { minReplicas: 2, maxReplicas: 20, keda: { enabled: true, lagThreshold: 50, authenticationRef: kafka-sasl } }
                  config: { signer: { groupId: signers-eu, requestTopic: eu.url.requests } }
                topics: { partitions: 8 }
                """);
        JsonNode scaled = m.get("ScaledObject", SIGNER).path("spec");
        assertThat(scaled.path("scaleTargetRef").path("name").asText()).isEqualTo(SIGNER);
        assertThat(scaled.path("maxReplicaCount").asInt()).isEqualTo(8);
        assertThat(scaled.path("minReplicaCount").asInt()).isEqualTo(2);
        JsonNode trigger = scaled.path("triggers").get(0);
        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        assertThat(trigger.path("metadata").path("consumerGroup").asText()).isEqualTo("signers-eu");
        assertThat(trigger.path("metadata").path("topic").asText()).isEqualTo("eu.url.requests");
        assertThat(trigger.path("metadata").path("lagThreshold").asText()).isEqualTo("50");
        assertThat(trigger.path("authenticationRef").path("name").asText()).isEqualTo("kafka-sasl");
        assertThat(m.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(m.get("Deployment", SIGNER).path("spec").has("replicas")).as("KEDA owns replicas").isFalse();
        assertThatThrownBy(() -> HelmChart.render(work, "signer: { autoscaling: { enabled: true, keda: { enabled: true } } }"))
                .hasMessageContaining("choose one");
    }

    /** With Strimzi, the chart declares every topic with the settings the services rely on. */
    @Test
    void strimziTopicsCarryTheSettingsOfTheTopicContract() {
        Manifests m = HelmChart.render(work, "topics: { partitions: 12, replicationFactor: 3, strimzi: { enabled: true, cluster: prod } }");
        Map<String, JsonNode> topics = new java.util.TreeMap<>();
        for (JsonNode topic : m.ofKind("KafkaTopic")) {
            assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("prod");
            assertThat(topic.path("spec").path("partitions").asInt()).isEqualTo(12);
            assertThat(topic.path("spec").path("replicas").asInt()).isEqualTo(3);
            assertThat(topic.path("metadata").path("name").asText()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            topics.put(topic.path("spec").path("topicName").asText(), topic.path("spec").path("config"));
        }
        Map<String, Map<String, String>> declared = new java.util.TreeMap<>();
        topics.forEach((name, config) -> {
            Map<String, String> settings = new java.util.TreeMap<>();
            config.fields().forEachRemaining(f -> settings.put(f.getKey(), f.getValue().asText()));
            declared.put(name, settings);
        });
        assertThat(declared).as("exactly the topic contract").isEqualTo(new java.util.TreeMap<>(io.dataproxy.wire.TopicContract.withDeadLetters()));
        assertThat(HelmChart.render(work, "").ofKind("KafkaTopic")).isEmpty();
    }

    /**
     * Every object the chart renders, with the defaults and with every optional part switched on, conforms to the
     * Kubernetes API: no unknown fields, no wrong types (KubernetesSchema). And the check does catch both.
     */
    @Test
    void everyRenderedObjectConformsToTheKubernetesApi() {
        assertThat(KubernetesSchema.problems(HelmChart.render(work, "").documents())).isEmpty();
        Manifests everything = HelmChart.render(work, """
                kafka:
                  properties: { security.protocol: SASL_SSL, sasl.mechanism: SCRAM-SHA-512 }
                  secretProperties: [ { property: sasl.jaas.config, secretName: k, secretKey: jaas } ]
                  tls: { secretName: kafka-tls }
                metrics:
                  serviceMonitor: { enabled: true, labels: { release: prometheus } }
                topics: { partitions: 12, strimzi: { enabled: true, cluster: prod } }
                signer:
                  storage: { authType: accesskey, accessKey: AKIA-EXAMPLE, secretKey: example }
                  autoscaling: { keda: { enabled: true, authenticationRef: kafka-sasl } }
                  javaOpts: "-Xss512k"
                  extraEnv: [ { name: DATAPROXY_UPLOAD_MAX_SIZE, value: 1Gi } ]
                  serviceAccount: { annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/x" } }
                  nodeSelector: { kubernetes.io/arch: amd64 }
                  tolerations: [ { key: dedicated, operator: Equal, value: dataproxy, effect: NoSchedule } ]
                catalog:
                  numStandbyReplicas: 2
                  persistence: { size: 50Gi, storageClassName: fast-ssd }
                """);
        assertThat(everything.ofKind("ServiceMonitor")).isNotEmpty();
        assertThat(everything.ofKind("ScaledObject")).isNotEmpty();
        assertThat(KubernetesSchema.problems(everything.documents())).isEmpty();
        assertThat(KubernetesSchema.problems(HelmChart.render(work, "signer: { autoscaling: { enabled: true } }").documents()))
                .isEmpty();

        JsonNode deployment = HelmChart.render(work, "").get("Deployment", SIGNER).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) deployment.path("spec")).put("replicaz", 2);
        assertThat(KubernetesSchema.problems(List.of(deployment))).singleElement().asString().contains("replicaz");
        JsonNode wrongType = HelmChart.render(work, "").get("Deployment", SIGNER).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) wrongType.path("spec")).put("replicas", "two");
        assertThat(KubernetesSchema.problems(List.of(wrongType))).singleElement().asString().contains("not a valid Deployment");
    }
}
