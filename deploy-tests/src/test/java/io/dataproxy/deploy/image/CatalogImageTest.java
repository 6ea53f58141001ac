package io.dataproxy.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.client.ArtifactRef;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.TopicContract;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The catalog's image, built here, run as production runs it, against a real broker and registry. */
@Tag("images")
@ExtendWith(DataproxyInfraExtension.class)
class CatalogImageTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final Infra infra;

    CatalogImageTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void holdsOnlyTheCatalogsRuntime() {
        String image = Images.build("streams-app");
        List<String> libraries = Images.libraries(image);
        assertThat(libraries).anyMatch(jar -> jar.startsWith("kafka-streams-")).anyMatch(jar -> jar.startsWith("rocksdbjni-"));
        assertThat(libraries).as("no storage SDK, no signer")
                .noneMatch(jar -> jar.startsWith("s3-") || jar.startsWith("sdk-core-") || jar.startsWith("minio-")
                        || jar.startsWith("dataproxy-signer-worker"));
        ImageReport.size("streams-app", image);
    }

    @Test
    void answersARealCommandReadOnlyAsNonRootAndStopsOnSigterm() throws Exception {
        String image = Images.build("streams-app");
        String commands = infra.uniqueName("catalog-commands");
        String replies = infra.uniqueName("catalog-replies");
        String events = infra.uniqueName("catalog-events");
        String datasets = infra.uniqueName("catalog-datasets");
        infra.createTopics(3, TopicContract.CATALOG_COMMANDS.requiredConfigs(), commands);
        infra.createTopics(3, TopicContract.CATALOG_DATASETS.requiredConfigs(), datasets);
        infra.createTopics(3, replies, events, commands + "-dlt", events + "-dlt");
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers(),
                "KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString(),
                "KAFKA_APPLICATION_ID", infra.uniqueName("catalog"),
                "CATALOG_COMMANDS_TOPIC", commands,
                "CATALOG_REPLIES_TOPIC", replies,
                "CATALOG_EVENTS_TOPIC", events,
                "CATALOG_DATASETS_TOPIC", datasets,
                "CATALOG_SHUTDOWN_TIMEOUT", "10s");
        // the state directory and java.io.tmpdir (RocksDB unpacks its native library there: exec) are the only
        // writable paths; in Kubernetes they are a persistent volume and an emptyDir
        try (Container catalog = new Container(image, env, List.of(),
                List.of("/var/lib/dataproxy/state", "/var/lib/dataproxy/tmp"));
             CatalogClient client = new CatalogClient(infra.kafkaClientProps(), commands, replies, TIMEOUT)) {
            catalog.awaitReady(Duration.ofMinutes(2));

            DatasetId dataset = DatasetId.newBuilder().setProject("p").setDomain("d").setName("image").setVersion("1").build();
            client.createDataset(Dataset.newBuilder().setId(dataset).build()).get();
            client.createArtifact(dataset, "a-1", List.of(DataValue.newBuilder().setName("out")
                    .setInline(ByteBuffer.wrap("42".getBytes(StandardCharsets.UTF_8))).build()), List.of("inputs-1"), null).get();
            Artifact found = client.getArtifact(ArtifactRef.byTag(dataset, "inputs-1")).get();
            assertThat(found.getArtifactId()).isEqualTo("a-1");

            Container.Stopped stopped = catalog.terminate(Duration.ofSeconds(30));
            assertThat(stopped.exitCode()).as("the JVM's status for SIGTERM, as the README documents").isEqualTo(143);
            assertThat(stopped.took()).isLessThan(Duration.ofSeconds(30));
        }
    }
}
