package io.dataproxy.catalog.it;

import static io.dataproxy.catalog.it.CatalogEndToEndTest.dataset;
import static io.dataproxy.catalog.it.CatalogEndToEndTest.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.client.ArtifactRef;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.client.CatalogReader;
import io.dataproxy.client.RequestFailed;
import io.dataproxy.client.Written;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.CommandPosition;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java client's {@link CatalogReader}: the records {@link CatalogClient} gets over Kafka, over HTTP. */
@ExtendWith(DataproxyInfraExtension.class)
class CatalogReaderTest {

    private final Infra infra;

    CatalogReaderTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void readsTheKafkaPathsRecordsOverHttp() {
        try (CatalogHarness catalog = CatalogHarness.start(infra, ReadPathTest.READS)) {
            CatalogClient client = catalog.client();
            CatalogReader reader = new CatalogReader(URI.create(catalog.readUrl()), Duration.ofSeconds(10));
            DatasetId task = dataset("reader");
            Dataset created = client.createDataset(Dataset.newBuilder().setId(task).setPartitionKeys(List.of("region"))
                    .setMetadata(Map.of("team", "ml")).build()).join();
            Written<Artifact> written = client.createArtifactAt(task, "run-1", List.of(uri("out", "s3://b/run-1")),
                    Map.of("k", "v"), Map.of("region", "eu"), List.of("inputs-1"), Duration.ofHours(1)).join();
            client.createArtifact(task, "run-2", List.of(uri("out", "s3://b/run-2")), Map.of(), Map.of("region", "us"),
                    List.of(), null).join();
            CommandPosition position = written.position().orElseThrow();

            Artifact read = reader.getArtifact(ArtifactRef.byTag(task, "inputs-1"), Duration.ofHours(1), position).join();
            assertThat(read).isEqualTo(client.getArtifact(ArtifactRef.byTag(task, "inputs-1")).join());
            assertThat(read.getArtifactId()).isEqualTo(written.value().getArtifactId());
            assertThat(reader.getDataset(task, null).join()).isEqualTo(created);
            ListArtifacts page = ListArtifacts.newBuilder().setDataset(task).setLimit(1).build();
            assertThat(reader.listArtifacts(page, null).join()).isEqualTo(client.listArtifacts(page).join());
            ListArtifacts eu = ListArtifacts.newBuilder().setDataset(task).setPartitions(Map.of("region", "eu")).build();
            assertThat(reader.listArtifacts(eu, position).join().getArtifacts()).extracting(Artifact::getArtifactId)
                    .containsExactly("run-1");

            assertThatThrownBy(() -> reader.getArtifact(ArtifactRef.byId(task, "nope"), null).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(RequestFailed.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            CatalogReader impatient = new CatalogReader(URI.create(catalog.readUrl()), Duration.ofMillis(200));
            CommandPosition ahead = new CommandPosition(position.partition(), position.offset() + 1_000);
            assertThatThrownBy(() -> impatient.getArtifact(ArtifactRef.byId(task, "run-1"), null, ahead).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(RequestFailed.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
        }
    }
}
