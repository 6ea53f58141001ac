package io.dataproxy.deploy;

import static io.dataproxy.deploy.Workloads.container;
import static io.dataproxy.deploy.Workloads.env;
import static io.dataproxy.deploy.Workloads.envNames;
import static io.dataproxy.deploy.Workloads.mountPath;
import static io.dataproxy.deploy.Workloads.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import io.dataproxy.deploy.HelmChart.Manifests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** helm/dataproxy: lint, and the manifests Helm renders for the defaults and for a few value sets. */
class HelmChartTest {

    private static final String SIGNER = "dp-dataproxy-signer";
    private static final String CATALOG = "dp-dataproxy-catalog";

    @TempDir
    Path work;

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = HelmChart.helm().lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void defaults_renderBothServicesWithoutOptionalParts() {
        Manifests m = HelmChart.render(work, "");
        assertThat(m.kinds()).containsExactlyInAnyOrder(
                "ConfigMap/dp-dataproxy-config",
                "ServiceAccount/" + SIGNER, "ServiceAccount/" + CATALOG,
                "Deployment/" + SIGNER, "Service/" + SIGNER, "PodDisruptionBudget/" + SIGNER,
                "StatefulSet/" + CATALOG, "Service/" + CATALOG + "-headless", "Service/" + CATALOG + "-read",
                "PodDisruptionBudget/" + CATALOG);
        assertThat(m.ofKind("Secret")).as("iam by default: no keys").isEmpty();
        assertThat(m.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(m.ofKind("ServiceMonitor")).isEmpty();
    }

    @Test
    void theCatalogIsAStatefulSetWithStateStaticMembershipAndTimeToCommit() {
        Manifests m = HelmChart.render(work, "");
        JsonNode sts = m.get("StatefulSet", CATALOG);
        JsonNode pod = sts.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);

        JsonNode headless = m.get("Service", CATALOG + "-headless");
        assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(sts.path("spec").path("serviceName").asText()).isEqualTo(CATALOG + "-headless");
        assertThat(headless.path("spec").path("selector")).isEqualTo(sts.path("spec").path("selector").path("matchLabels"));
        // the read path: each pod advertises its stable name under the headless service; clients use the -read Service
        assertThat(env(container, "CATALOG_READ_ADVERTISED_HOST").path("value").asText()).isEqualTo("$(KAFKA_GROUP_INSTANCE_ID)." + CATALOG + "-headless.data.svc");
        assertThat(env(container, "CATALOG_READ_PORT").path("value").asText()).isEqualTo("8090");
        JsonNode read = m.get("Service", CATALOG + "-read");
        assertThat(read.path("spec").path("selector")).isEqualTo(sts.path("spec").path("selector").path("matchLabels"));
        assertThat(read.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo("read");
        assertThat(headless.path("spec").path("ports").findValuesAsText("name")).containsExactly("http", "read");

        JsonNode claim = sts.path("spec").path("volumeClaimTemplates").get(0);
        assertThat(claim.path("metadata").path("name").asText()).isEqualTo("state");
        assertThat(claim.path("spec").path("resources").path("requests").path("storage").asText()).isEqualTo("10Gi");
        assertThat(mountPath(container, "state")).isEqualTo("/var/lib/dataproxy/state");
        assertThat(m.configFile("catalog.yaml").path("catalog").path("stateDir").asText()).isEqualTo("/var/lib/dataproxy/state");
        // RocksDB loads its native library from java.io.tmpdir: a writable, exec-allowed emptyDir
        assertThat(mountPath(container, "tmp")).isEqualTo("/var/lib/dataproxy/tmp");
        assertThat(volume(pod, "tmp").has("emptyDir")).isTrue();

        JsonNode instanceId = env(container, "KAFKA_GROUP_INSTANCE_ID");
        assertThat(instanceId.path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("metadata.name");
        assertThat(m.configFile("catalog.yaml").path("kafka").path("num.standby.replicas").asText()).isEqualTo("1");
        assertThat(m.configFile("catalog.yaml").path("kafka").path("application.id").asText()).isEqualTo("dataproxy-catalog");
        // a crashed pod's tasks go to its standby after this long (measured: docs/benchmarks.md)
        assertThat(m.configFile("catalog.yaml").path("kafka").path("session.timeout.ms").asText()).isEqualTo("10000");

        // SIGTERM commits within catalog.shutdownTimeout (30s by default): the grace period must be longer
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThan(30);
        assertProbes(container);
        assertThat(container.path("args").toString()).isEqualTo("[\"--config\",\"/etc/dataproxy/catalog.yaml\"]");
        assertThat(mountPath(container, "config")).isEqualTo("/etc/dataproxy/catalog.yaml");
    }

    @Test
    void theSignerIsADeploymentWithProbesAndAHardenedPod() {
        Manifests m = HelmChart.render(work, "");
        JsonNode deployment = m.get("Deployment", SIGNER);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertProbes(container);
        assertThat(container.path("args").toString()).isEqualTo("[\"--config\",\"/etc/dataproxy/signer.yaml\"]");
        assertThat(mountPath(container, "config")).isEqualTo("/etc/dataproxy/signer.yaml");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).as("longer than signer.shutdownTimeout").isGreaterThan(30);
        assertThat(m.get("PodDisruptionBudget", SIGNER).path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(m.configFile("signer.yaml").path("storage").path("connection").path("auth-type").asText()).isEqualTo("iam");
    }

    @Test
    void theConfigMapHoldsFilesTheServicesAccept() {
        Manifests m = HelmChart.render(work, """
                kafka:
                  properties: { security.protocol: SASL_SSL, sasl.mechanism: SCRAM-SHA-512 }
                signer:
                  config:
                    signer: { workerThreads: 16 }
                    cleanup: { enabled: true, allowedPrefixes: [uploads/] }
                catalog:
                  config:
                    catalog: { expiry: { maxPerTick: 500 } }
                """);
        JsonNode signer = m.configFile("signer.yaml");
        JsonNode catalog = m.configFile("catalog.yaml");
        assertThat(leafKeys(signer)).isSubsetOf(Repository.keys(Repository.SIGNER_DEFAULTS)).contains("storage.container", "health.port");
        assertThat(leafKeys(catalog)).isSubsetOf(Repository.keys(Repository.CATALOG_DEFAULTS)).contains("health.port");
        assertThat(signer.path("signer").path("workerThreads").asInt()).isEqualTo(16);
        assertThat(catalog.path("catalog").path("expiry").path("maxPerTick").asInt()).isEqualTo(500);
        for (JsonNode file : List.of(signer, catalog)) {
            assertThat(file.path("kafka").path("bootstrap.servers").asText()).isEqualTo("kafka:9092");
            assertThat(file.path("kafka").path("schema.registry.url").asText()).isEqualTo("http://schema-registry:8081");
            assertThat(file.path("kafka").path("security.protocol").asText()).isEqualTo("SASL_SSL");
            assertThat(file.path("health").path("port").asInt()).isEqualTo(8080);
        }
    }

    @Test
    void accessKeysAndKafkaCredentialsComeFromSecrets_neverFromTheConfigMap() {
        Manifests m = HelmChart.render(work, """
                kafka:
                  properties: { security.protocol: SASL_SSL, ssl.truststore.location: /etc/dataproxy/kafka-tls/truststore.jks }
                  secretProperties:
                    - { property: sasl.jaas.config, secretName: kafka-client, secretKey: jaas }
                  tls: { secretName: kafka-tls }
                signer:
                  storage: { type: minio, endpoint: "http://minio:9000", authType: accesskey,
                             accessKey: AKIA-EXAMPLE-ONLY, secretKey: s3cr3t-value-that-must-not-leak }
                """);
        String configMap = m.get("ConfigMap", "dp-dataproxy-config").toString();
        assertThat(configMap).doesNotContain("s3cr3t-value-that-must-not-leak").doesNotContain("AKIA-EXAMPLE-ONLY").doesNotContain("jaas");

        JsonNode secret = m.get("Secret", SIGNER + "-s3");
        assertThat(new String(Base64.getDecoder().decode(secret.path("data").path("secret-key").asText()), StandardCharsets.UTF_8))
                .isEqualTo("s3cr3t-value-that-must-not-leak");

        for (JsonNode container : List.of(container(m.get("Deployment", SIGNER)), container(m.get("StatefulSet", CATALOG)))) {
            JsonNode jaas = env(container, "KAFKA_SASL_JAAS_CONFIG").path("valueFrom").path("secretKeyRef");
            assertThat(jaas.path("name").asText()).isEqualTo("kafka-client");
            assertThat(jaas.path("key").asText()).isEqualTo("jaas");
            assertThat(mountPath(container, "kafka-tls")).isEqualTo("/etc/dataproxy/kafka-tls");
        }
        JsonNode signer = container(m.get("Deployment", SIGNER));
        assertThat(env(signer, "STORAGE_CONNECTION_SECRET_KEY").path("valueFrom").path("secretKeyRef").path("name").asText())
                .isEqualTo(SIGNER + "-s3");
        assertThat(env(signer, "STORAGE_CONNECTION_ACCESS_KEY").has("value")).as("only references").isFalse();
    }

    /** Azure and GCS: the account's key or the service-account key from a Secret (yours or the chart's), or the pod's identity. */
    @Test
    void azureAndGcsSignWithAKeyFromASecretOrWithThePodsIdentity() {
        Set<String> signerKeys = Repository.keys(Repository.SIGNER_DEFAULTS);
        Manifests azure = HelmChart.render(work, """
                signer:
                  storage: { type: azure, bucket: flyte, authType: accesskey,
                             azure: { account: flyteacct, domainSuffix: core.usgovcloudapi.net, accountKey: c2VjcmV0LWF6dXJlLWtleQ== } }
                """);
        JsonNode file = azure.configFile("signer.yaml");
        assertThat(file.path("storage").path("type").asText()).isEqualTo("azure");
        assertThat(file.path("storage").path("container").asText()).isEqualTo("flyte");
        assertThat(file.path("storage").path("stow").path("config").path("account").asText()).isEqualTo("flyteacct");
        assertThat(file.path("storage").path("stow").path("config").path("domain_suffix").asText()).isEqualTo("core.usgovcloudapi.net");
        assertThat(leafKeys(file)).isSubsetOf(signerKeys);
        assertThat(azure.get("ConfigMap", "dp-dataproxy-config").toString()).doesNotContain("c2VjcmV0LWF6dXJlLWtleQ==");
        assertThat(azure.get("Secret", SIGNER + "-azure").path("data").path("account-key").asText())
                .isEqualTo(Base64.getEncoder().encodeToString("c2VjcmV0LWF6dXJlLWtleQ==".getBytes(StandardCharsets.UTF_8)));
        JsonNode key = env(container(azure.get("Deployment", SIGNER)), "STORAGE_STOW_CONFIG_KEY").path("valueFrom").path("secretKeyRef");
        assertThat(key.path("name").asText()).isEqualTo(SIGNER + "-azure");
        assertThat(key.path("key").asText()).isEqualTo("account-key");
        assertThat(envNames(container(azure.get("Deployment", SIGNER)))).doesNotContain("STORAGE_CONNECTION_SECRET_KEY")
                .allSatisfy(name -> assertThat(name.equals("JAVA_TOOL_OPTIONS") || Repository.isKnownEnvironmentVariable(signerKeys, name))
                        .as(name).isTrue());

        Manifests azureIdentity = HelmChart.render(work, """
                signer:
                  storage: { type: azure, authType: iam, azure: { account: flyteacct } }
                  podLabels: { azure.workload.identity/use: "true" }
                  serviceAccount: { annotations: { azure.workload.identity/client-id: 00000000-0000-0000-0000-000000000000 } }
                """);
        assertThat(azureIdentity.ofKind("Secret")).isEmpty();
        assertThat(envNames(container(azureIdentity.get("Deployment", SIGNER)))).doesNotContain("STORAGE_STOW_CONFIG_KEY");
        assertThat(azureIdentity.configFile("signer.yaml").path("storage").path("stow").path("config").path("domain_suffix").asText())
                .isEqualTo("core.windows.net");

        Manifests gcs = HelmChart.render(work, """
                signer:
                  storage: { type: gcs, bucket: flyte-data, authType: accesskey, existingSecret: gcs-key, gcs: { projectId: my-project } }
                """);
        assertThat(gcs.ofKind("Secret")).isEmpty();
        JsonNode json = env(container(gcs.get("Deployment", SIGNER)), "STORAGE_STOW_CONFIG_JSON").path("valueFrom").path("secretKeyRef");
        assertThat(json.path("name").asText()).isEqualTo("gcs-key");
        assertThat(json.path("key").asText()).isEqualTo("service-account.json");
        assertThat(gcs.configFile("signer.yaml").path("storage").path("stow").path("config").path("project_id").asText()).isEqualTo("my-project");
        assertThat(leafKeys(gcs.configFile("signer.yaml"))).isSubsetOf(signerKeys);

        Manifests gcsChartSecret = HelmChart.render(work, """
                signer:
                  storage: { type: gcs, authType: accesskey, gcs: { serviceAccountJson: '{"type":"service_account"}' } }
                """);
        assertThat(gcsChartSecret.get("Secret", SIGNER + "-gcs").path("data").path("service-account.json").asText())
                .isEqualTo(Base64.getEncoder().encodeToString("{\"type\":\"service_account\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(gcsChartSecret.get("ConfigMap", "dp-dataproxy-config").toString()).doesNotContain("service_account");

        Manifests gcsIdentity = HelmChart.render(work, "signer: { storage: { type: gcs, authType: iam } }");
        assertThat(gcsIdentity.ofKind("Secret")).isEmpty();
        assertThat(envNames(container(gcsIdentity.get("Deployment", SIGNER)))).doesNotContain("STORAGE_STOW_CONFIG_JSON");
        assertThat(gcsIdentity.configFile("signer.yaml").path("storage").has("stow")).isFalse();
    }

    @Test
    void anExistingSecretOrIamWithServiceAccountAnnotations() {
        Manifests existing = HelmChart.render(work, """
                signer:
                  storage: { authType: accesskey, existingSecret: my-s3-keys }
                """);
        assertThat(existing.ofKind("Secret")).isEmpty();
        assertThat(env(container(existing.get("Deployment", SIGNER)), "STORAGE_CONNECTION_SECRET_KEY")
                .path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("my-s3-keys");

        Manifests irsa = HelmChart.render(work, """
                signer:
                  storage: { authType: iam }
                  serviceAccount:
                    annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::123456789012:role/dataproxy-signer" }
                """);
        assertThat(irsa.get("ServiceAccount", SIGNER).path("metadata").path("annotations").path("eks.amazonaws.com/role-arn").asText())
                .endsWith(":role/dataproxy-signer");
        JsonNode pod = irsa.get("Deployment", SIGNER).path("spec").path("template").path("spec");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo(SIGNER);
        assertThat(envNames(pod.path("containers").get(0))).doesNotContain("STORAGE_CONNECTION_SECRET_KEY");
    }

    @Test
    void optionalAutoscalerServiceMonitorsAndStandbys() {
        Manifests m = HelmChart.render(work, """
                signer:
                  autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 12 }
                catalog:
                  numStandbyReplicas: 2
                  persistence: { size: 50Gi, storageClassName: fast-ssd }
                metrics:
                  serviceMonitor: { enabled: true, labels: { release: prometheus } }
                """);
        JsonNode hpa = m.get("HorizontalPodAutoscaler", SIGNER);
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(SIGNER);
        assertThat(hpa.path("spec").path("maxReplicas").asInt()).as("capped at topics.partitions (6)").isEqualTo(6);
        assertThat(HelmChart.render(work, "signer: { autoscaling: { enabled: true, maxReplicas: 12 } }\ntopics: { partitions: 24 }")
                .get("HorizontalPodAutoscaler", SIGNER).path("spec").path("maxReplicas").asInt()).isEqualTo(12);
        assertThat(m.get("Deployment", SIGNER).path("spec").has("replicas")).as("the HPA owns replicas").isFalse();

        assertThat(m.ofKind("ServiceMonitor")).hasSize(2).allSatisfy(sm -> {
            assertThat(sm.path("metadata").path("labels").path("release").asText()).isEqualTo("prometheus");
            assertThat(sm.path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/metrics");
        });
        // each ServiceMonitor selects the Service of its own component
        JsonNode catalogMonitor = m.get("ServiceMonitor", CATALOG);
        assertThat(catalogMonitor.path("spec").path("selector").path("matchLabels"))
                .isEqualTo(m.get("Service", CATALOG + "-headless").path("spec").path("selector"));

        assertThat(m.configFile("catalog.yaml").path("kafka").path("num.standby.replicas").asText()).isEqualTo("2");
        JsonNode claim = m.get("StatefulSet", CATALOG).path("spec").path("volumeClaimTemplates").get(0).path("spec");
        assertThat(claim.path("storageClassName").asText()).isEqualTo("fast-ssd");
        assertThat(claim.path("resources").path("requests").path("storage").asText()).isEqualTo("50Gi");
    }

    @Test
    void eachServiceRunsItsOwnImageVersion() {
        Manifests m = HelmChart.render(work, """
                signer: { image: { tag: "1.4.2" } }
                catalog: { image: { tag: "0.9.0" } }
                """);
        assertThat(container(m.get("Deployment", SIGNER)).path("image").asText()).isEqualTo("dataproxy/signer-worker:1.4.2");
        assertThat(container(m.get("StatefulSet", CATALOG)).path("image").asText()).isEqualTo("dataproxy/catalog:0.9.0");
        assertThat(m.get("Deployment", SIGNER).path("metadata").path("labels").path("app.kubernetes.io/version").asText()).isEqualTo("1.4.2");

        Manifests signerOnly = HelmChart.render(work, "catalog: { enabled: false }");
        assertThat(signerOnly.ofKind("StatefulSet")).isEmpty();
        assertThat(signerOnly.get("ConfigMap", "dp-dataproxy-config").path("data").has("catalog.yaml")).isFalse();
    }

    @Test
    void everyVariableTheChartSetsIsOneTheServicesRead() {
        Manifests m = HelmChart.render(work, """
                kafka:
                  secretProperties: [ { property: sasl.jaas.config, secretName: k, secretKey: jaas } ]
                signer:
                  storage: { authType: accesskey, existingSecret: keys }
                  javaOpts: "-Xss512k"
                """);
        Set<String> signerKeys = Repository.keys(Repository.SIGNER_DEFAULTS);
        Set<String> catalogKeys = Repository.keys(Repository.CATALOG_DEFAULTS);
        assertThat(envNames(container(m.get("Deployment", SIGNER)))).isNotEmpty().allSatisfy(name -> assertThat(
                name.equals("JAVA_TOOL_OPTIONS") || Repository.isKnownEnvironmentVariable(signerKeys, name)).as(name).isTrue());
        assertThat(envNames(container(m.get("StatefulSet", CATALOG)))).isNotEmpty().allSatisfy(name -> assertThat(
                name.equals("JAVA_TOOL_OPTIONS") || Repository.isKnownEnvironmentVariable(catalogKeys, name)).as(name).isTrue());
    }

    /** Where a token comes from is configuration, not a secret: an OAuth deployment sets it in the ConfigMap. */
    @Test
    void propertiesThatNameTokenEndpointsAreNotMistakenForSecrets() {
        Manifests m = HelmChart.render(work, """
                kafka:
                  properties:
                    sasl.mechanism: OAUTHBEARER
                    sasl.oauthbearer.token.endpoint.url: https://login.example.com/oauth2/token
                """);
        assertThat(m.text()).contains("sasl.oauthbearer.token.endpoint.url: https://login.example.com/oauth2/token");
    }

    @Test
    void mistakesAreRefusedWithTheValueToFix() {
        assertThatThrownBy(() -> HelmChart.render(work, "kafka: { properties: { sasl.jaas.config: 'secret stuff' } }"))
                .hasMessageContaining("kafka.properties.sasl.jaas.config").hasMessageContaining("kafka.secretProperties");
        for (String secret : List.of("bearer.auth.token", "ssl.keystore.password", "basic.auth.user.info",
                "sasl.oauthbearer.client.credentials.client.secret", "ssl.keystore.key")) {
            assertThatThrownBy(() -> HelmChart.render(work, "kafka: { properties: { " + secret + ": x } }")).as(secret)
                    .hasMessageContaining("kafka.properties." + secret);
        }
        assertThatThrownBy(() -> HelmChart.render(work, "signer: { storage: { authType: accesskey } }"))
                .hasMessageContaining("signer.storage.existingSecret");
        assertThatThrownBy(() -> HelmChart.render(work, "signer: { storage: { type: gcp } }"))
                .hasMessageContaining("signer.storage.type must be s3, minio, azure or gcs");
        assertThatThrownBy(() -> HelmChart.render(work, "signer: { storage: { type: azure } }"))
                .hasMessageContaining("signer.storage.azure.account is required");
        assertThatThrownBy(() -> HelmChart.render(work, "signer: { storage: { type: azure, authType: accesskey, azure: { account: a1b2c } } }"))
                .hasMessageContaining("signer.storage.existingSecret (key account-key), or signer.storage.azure.accountKey");
        assertThatThrownBy(() -> HelmChart.render(work, "signer: { storage: { type: gcs, authType: accesskey } }"))
                .hasMessageContaining("signer.storage.existingSecret (key service-account.json), or signer.storage.gcs.serviceAccountJson");
        assertThatThrownBy(() -> HelmChart.render(work, "signer: { config: { storage: { container: x } } }"))
                .hasMessageContaining("signer.config.storage");
        assertThatThrownBy(() -> HelmChart.render(work, "kafka: { bootstrapServers: '' }"))
                .hasMessageContaining("kafka.bootstrapServers is required");
    }

    // ---- manifest helpers ----------------------------------------------------------------------

    private static void assertProbes(JsonNode container) {
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
        assertThat(container.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo("http");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
    }

    /** Dotted leaf keys outside the pass-through kafka section. */
    private static Set<String> leafKeys(JsonNode file) {
        Set<String> keys = new TreeSet<>();
        collect(file, "", keys);
        keys.removeIf(k -> k.startsWith("kafka."));
        return keys;
    }

    private static void collect(JsonNode node, String prefix, Set<String> keys) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isObject()) {
                collect(f.getValue(), prefix + f.getKey() + ".", keys);
            } else {
                keys.add(prefix + f.getKey());
            }
        }
    }
}
