package io.dataproxy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml: what `docker compose up` needs to bring the system up in order, checked without Docker. */
class ComposeFileTest {

    private static final JsonNode COMPOSE = Repository.yaml(Repository.ROOT.resolve("docker-compose.yml"));
    private static final JsonNode SERVICES = COMPOSE.path("services");

    /** One-shot services: they run to completion, so they have no health check. */
    private static final Set<String> ONE_SHOTS = Set.of("kafka-init", "minio-init");
    /** A tag that names a version: not latest, not a moving major. */
    private static final Pattern PINNED = Pattern.compile("^[^:@]+(:[^:@]*\\d[^:@]*)(@sha256:[0-9a-f]{64})?$|^[^@]+@sha256:[0-9a-f]{64}$");

    @Test
    void everyPieceIsThere() {
        assertThat(names(SERVICES)).containsExactlyInAnyOrder(
                "kafka", "kafka-init", "schema-registry", "minio", "minio-init", "signer-worker", "catalog");
        assertThat(SERVICES.path("kafka").path("image").asText()).isEqualTo("apache/kafka:4.3.1");
        assertThat(SERVICES.path("schema-registry").path("image").asText()).startsWith("confluentinc/cp-schema-registry:");
        assertThat(SERVICES.path("minio").path("image").asText()).startsWith("minio/minio:RELEASE.");
        assertThat(SERVICES.path("minio-init").path("image").asText()).startsWith("minio/mc:RELEASE.");
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        for (String name : names(SERVICES)) {
            String image = SERVICES.path(name).path("image").asText();
            assertThat(image).as(name).isNotEmpty().matches(PINNED).doesNotEndWith(":latest");
        }
    }

    @Test
    void ourServicesAreBuiltFromTheirOwnDockerfiles() {
        assertThat(SERVICES.path("signer-worker").path("build").path("dockerfile").asText()).isEqualTo("signer-worker/Dockerfile");
        assertThat(SERVICES.path("catalog").path("build").path("dockerfile").asText()).isEqualTo("streams-app/Dockerfile");
        for (String name : List.of("signer-worker", "catalog")) {
            JsonNode build = SERVICES.path(name).path("build");
            assertThat(build.path("context").asText()).as(name).isEqualTo(".");
            assertThat(Repository.exists(build.path("dockerfile").asText())).as(name).isTrue();
            assertThat(build.path("args").path("VERSION").asText()).as("each image has its own version").isNotBlank();
        }
    }

    @Test
    void longRunningServicesHaveHealthChecks_oneShotsDoNotRestart() {
        for (String name : names(SERVICES)) {
            JsonNode service = SERVICES.path(name);
            if (ONE_SHOTS.contains(name)) {
                assertThat(service.path("restart").asText()).as(name).isEqualTo("no");
            } else {
                assertThat(service.path("healthcheck").path("test").isArray()).as(name + " health check").isTrue();
                assertThat(service.path("healthcheck").path("test").size()).as(name).isGreaterThan(1);
                assertThat(service.path("restart").asText()).as(name).isEqualTo("unless-stopped");
            }
        }
    }

    @Test
    void startOrderWaitsForWhatEachNeeds() {
        for (String name : names(SERVICES)) {
            JsonNode dependsOn = SERVICES.path(name).path("depends_on");
            assertThat(dependsOn.isArray()).as(name + ": depends_on with conditions, not a list").isFalse();
            for (String dependency : names(dependsOn)) {
                String condition = dependsOn.path(dependency).path("condition").asText();
                assertThat(SERVICES.has(dependency)).as(name + " depends on " + dependency).isTrue();
                if (ONE_SHOTS.contains(dependency)) {
                    assertThat(condition).as(name + " → " + dependency).isEqualTo("service_completed_successfully");
                } else {
                    assertThat(condition).as(name + " → " + dependency).isEqualTo("service_healthy");
                }
            }
        }
        assertThat(conditions("signer-worker")).containsEntry("kafka-init", "service_completed_successfully")
                .containsEntry("minio-init", "service_completed_successfully").containsEntry("schema-registry", "service_healthy");
        assertThat(conditions("catalog")).containsEntry("kafka-init", "service_completed_successfully")
                .containsEntry("schema-registry", "service_healthy");
        assertThat(conditions("kafka-init")).containsEntry("kafka", "service_healthy");
        assertThat(conditions("minio-init")).containsEntry("minio", "service_healthy");
    }

    @Test
    void oneNodeKafkaCanRunExactlyOnce() {
        Map<String, String> env = environment("kafka");
        assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "1");
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).startsWith(env.get("KAFKA_NODE_ID") + "@");
        // the storage format step takes a 16-byte UUID in base64url, as `kafka-storage random-uuid` prints it
        assertThat(env.get("CLUSTER_ID")).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void namedVolumesKeepKafkaMinioAndTheCatalogsState() {
        assertThat(names(COMPOSE.path("volumes"))).contains("kafka-data", "minio-data", "catalog-state");
        assertThat(volumes("kafka")).anyMatch(v -> v.startsWith("kafka-data:") && v.endsWith(environment("kafka").get("KAFKA_LOG_DIRS")));
        assertThat(volumes("minio")).anyMatch(v -> v.startsWith("minio-data:/data"));
        assertThat(volumes("catalog")).contains("catalog-state:" + environment("catalog").get("CATALOG_STATE_DIR"));
        // RocksDB's native library is unpacked into java.io.tmpdir: that mount must allow exec
        assertThat(SERVICES.path("catalog").path("tmpfs").toString()).contains("/var/lib/dataproxy/tmp:exec");
        // snappy and zstd unpack theirs into /tmp when the signer reads compressed records
        assertThat(SERVICES.path("signer-worker").path("tmpfs").toString()).contains("/tmp:exec");
    }

    @Test
    void everyVariableGivenToOurServicesIsOneTheyRead() {
        Set<String> signerKeys = Repository.keys(Repository.SIGNER_DEFAULTS);
        Set<String> catalogKeys = Repository.keys(Repository.CATALOG_DEFAULTS);
        assertThat(signerKeys).as("sanity").contains("storage.container", "health.port");
        assertThat(catalogKeys).as("sanity").contains("catalog.stateDir", "health.port");

        assertThat(environment("signer-worker").keySet()).isNotEmpty()
                .allSatisfy(name -> assertThat(Repository.isKnownEnvironmentVariable(signerKeys, name)).as(name).isTrue());
        assertThat(environment("catalog").keySet()).isNotEmpty()
                .allSatisfy(name -> assertThat(Repository.isKnownEnvironmentVariable(catalogKeys, name)).as(name).isTrue());
        // and a typo would be caught
        assertThat(Repository.isKnownEnvironmentVariable(signerKeys, "STORAGE_CONTAINERS")).isFalse();
    }

    @Test
    void theInitJobsMakeTheTopicsAndTheBucketTheServicesUse() {
        String topics = SERVICES.path("kafka-init").path("command").toString();
        JsonNode signer = Repository.yaml(Repository.SIGNER_DEFAULTS);
        JsonNode catalog = Repository.yaml(Repository.CATALOG_DEFAULTS).path("catalog");
        List<String> needed = new ArrayList<>(List.of(
                signer.path("signer").path("requestTopic").asText(),
                signer.path("signer").path("replyTopic").asText(),
                signer.path("signer").path("requestTopic").asText() + "-dlt",
                signer.path("cleanup").path("eventsTopic").asText() + "-dlt",
                catalog.path("commandsTopic").asText(),
                catalog.path("commandsTopic").asText() + "-dlt",
                catalog.path("repliesTopic").asText(),
                catalog.path("eventsTopic").asText(),
                catalog.path("datasetsTopic").asText() + " --config cleanup.policy=compact"));
        assertThat(needed).allSatisfy(topic -> assertThat(topics).contains("create " + topic));

        String bucket = environment("signer-worker").get("STORAGE_CONTAINER");
        assertThat(SERVICES.path("minio-init").path("command").toString()).contains("local/" + bucket);
    }

    /** The services' default topic names are the contract's: one declaration, which the defaults files repeat. */
    @Test
    void theServicesDefaultTopicsAreTheContracts() {
        JsonNode signer = Repository.yaml(Repository.SIGNER_DEFAULTS);
        JsonNode catalog = Repository.yaml(Repository.CATALOG_DEFAULTS).path("catalog");
        assertThat(signer.path("signer").path("requestTopic").asText()).isEqualTo(io.dataproxy.wire.TopicContract.URL_REQUESTS_TOPIC);
        assertThat(signer.path("signer").path("replyTopic").asText()).isEqualTo(io.dataproxy.wire.TopicContract.URL_REPLIES_TOPIC);
        assertThat(signer.path("signer").path("groupId").asText())
                .isEqualTo(io.dataproxy.wire.TopicContract.URL_REQUESTS.owningGroup().orElseThrow());
        assertThat(signer.path("cleanup").path("eventsTopic").asText()).isEqualTo(io.dataproxy.wire.TopicContract.CATALOG_EVENTS_TOPIC);
        assertThat(signer.path("cleanup").path("groupId").asText())
                .isEqualTo(io.dataproxy.wire.TopicContract.CATALOG_EVENTS.owningGroup().orElseThrow());
        assertThat(catalog.path("commandsTopic").asText()).isEqualTo(io.dataproxy.wire.TopicContract.CATALOG_COMMANDS_TOPIC);
        assertThat(catalog.path("repliesTopic").asText()).isEqualTo(io.dataproxy.wire.TopicContract.CATALOG_REPLIES_TOPIC);
        assertThat(catalog.path("eventsTopic").asText()).isEqualTo(io.dataproxy.wire.TopicContract.CATALOG_EVENTS_TOPIC);
        assertThat(catalog.path("datasetsTopic").asText()).isEqualTo(io.dataproxy.wire.TopicContract.CATALOG_DATASETS_TOPIC);
        assertThat(Repository.yaml(Repository.CATALOG_DEFAULTS).path("kafka").path("application.id").asText())
                .isEqualTo(io.dataproxy.wire.TopicContract.CATALOG_COMMANDS.owningGroup().orElseThrow());
    }

    /** kafka-init creates exactly the topics of the contract, each with the settings it requires, and nothing else. */
    @Test
    void theInitJobCreatesExactlyTheTopicContract() {
        String script = SERVICES.path("kafka-init").path("command").get(0).asText();
        Map<String, Map<String, String>> created = new java.util.TreeMap<>();
        java.util.regex.Matcher create = java.util.regex.Pattern.compile("(?m)^\\s*create (\\S+)((?: --config \\S+)*)\\s*$")
                .matcher(script);
        while (create.find()) {
            Map<String, String> configs = new java.util.TreeMap<>();
            for (String config : create.group(2).split(" --config ")) {
                if (!config.isBlank()) {
                    configs.put(config.strip().split("=", 2)[0], config.strip().split("=", 2)[1]);
                }
            }
            created.put(create.group(1), configs);
        }
        assertThat(created).isEqualTo(new java.util.TreeMap<>(io.dataproxy.wire.TopicContract.withDeadLetters()));
    }

    private static Map<String, String> conditions(String service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        JsonNode dependsOn = SERVICES.path(service).path("depends_on");
        names(dependsOn).forEach(d -> conditions.put(d, dependsOn.path(d).path("condition").asText()));
        return conditions;
    }

    /** A service's environment, given as a mapping or as a list of NAME=value. */
    private static Map<String, String> environment(String service) {
        JsonNode env = SERVICES.path(service).path("environment");
        Map<String, String> vars = new LinkedHashMap<>();
        if (env.isArray()) {
            env.forEach(e -> {
                String[] kv = e.asText().split("=", 2);
                vars.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            names(env).forEach(name -> vars.put(name, env.path(name).asText()));
        }
        return vars;
    }

    private static List<String> volumes(String service) {
        List<String> volumes = new ArrayList<>();
        SERVICES.path(service).path("volumes").forEach(v -> volumes.add(v.asText()));
        return volumes;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
