package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.catalog.app.CatalogApp;
import io.dataproxy.client.ArtifactRef;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `dataproxy catalog reset` rebuilds the catalog from its command log with Kafka's StreamsResetter. */
@ExtendWith(DataproxyInfraExtension.class)
class CatalogResetTest {

    private final Infra infra;

    CatalogResetTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void aResetCatalogRebuildsItsStoresFromTheCommandLog() throws Exception {
        String commands = infra.uniqueName("reset-commands");
        String replies = infra.uniqueName("reset-replies");
        String events = infra.uniqueName("reset-events");
        String datasets = infra.uniqueName("reset-datasets");
        String appId = infra.uniqueName("reset-catalog");
        Map<String, String> env = Map.of("KAFKA_APPLICATION_ID", appId);
        DatasetId dataset = DatasetId.newBuilder().setProject(infra.uniqueName("proj")).setDomain("development")
                .setName("task").setVersion("v1").build();
        String[] connection = {"--commands-topic", commands};

        try (CatalogApp catalog = TestServices.startCatalog(infra, commands, replies, events, datasets, env);
             CatalogClient client = new CatalogClient(infra.kafkaClientProps(), commands, replies, Duration.ofSeconds(30))) {
            client.createDataset(Dataset.newBuilder().setId(dataset).build()).join();
            client.createArtifact(dataset, "run-1", List.of(DataValue.newBuilder().setName("x")
                    .setInline(ByteBuffer.wrap(new byte[] {1})).build()), List.of("inputs-1"), null).join();

            Cli.Result whileRunning = cli("catalog", "reset", "--application-id", appId, connection[0], connection[1], "--execute");
            assertThat(whileRunning.exitCode()).as(whileRunning.toString()).isEqualTo(ExitCodes.REFUSED);
            assertThat(whileRunning.err()).contains("active member").hasLineCount(1);
        }

        Cli.Result dryRun = cli("catalog", "reset", "--application-id", appId, connection[0], connection[1]);
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("dry run");
        assertThat(committedOnCommands(appId, commands)).as("a dry run moves nothing").allMatch(offset -> offset > 0);
        assertThat(changelogs(appId)).isNotEmpty();

        Cli.Result reset = cli("catalog", "reset", "--application-id", appId, connection[0], connection[1], "--execute");
        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(committedOnCommands(appId, commands)).allMatch(offset -> offset == 0);
        assertThat(changelogs(appId)).as("internal topics deleted").isEmpty();

        // a fresh state directory (startCatalog makes one): the stores come back from the command log alone
        try (CatalogApp rebuilt = TestServices.startCatalog(infra, commands, replies, events, datasets, env);
             CatalogClient client = new CatalogClient(infra.kafkaClientProps(), commands, replies, Duration.ofSeconds(30))) {
            assertThat(client.getArtifact(ArtifactRef.byTag(dataset, "inputs-1")).join().getArtifactId()).isEqualTo("run-1");
        }
    }

    @Test
    void replayRefusesTheCatalogsGroupAndPointsToReset() {
        Cli.Result replay = Cli.against(infra, "replay", "dataproxy-catalog", "--to-beginning");
        assertThat(replay.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(replay.err()).contains("dataproxy catalog reset").hasLineCount(1);
    }

    private List<Long> committedOnCommands(String appId, String commands) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = infra.admin().listConsumerGroupOffsets(appId)
                .partitionsToOffsetAndMetadata().get();
        return committed.entrySet().stream().filter(e -> e.getKey().topic().equals(commands))
                .map(e -> e.getValue().offset()).toList();
    }

    private Set<String> changelogs(String appId) throws Exception {
        return infra.admin().listTopics().names().get().stream()
                .filter(t -> t.startsWith(appId + "-") && (t.endsWith("-changelog") || t.endsWith("-repartition")))
                .collect(java.util.stream.Collectors.toSet());
    }

    private Cli.Result cli(String... args) {
        return Cli.against(infra, args);
    }
}
