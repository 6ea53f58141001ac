package io.dataproxy.catalog.it;

import static io.dataproxy.catalog.it.CatalogEndToEndTest.dataset;
import static io.dataproxy.catalog.it.CatalogEndToEndTest.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.catalog.app.CatalogApp;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.DatasetKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of one catalog (two Kafka Streams, their own state directories and ports): each answers every
 * dataset, from its own stores when it owns the dataset's partition and through the owner otherwise, and a read
 * already forwarded is never forwarded again.
 */
@ExtendWith(DataproxyInfraExtension.class)
class ReadRoutingTest {

    private final Infra infra;

    ReadRoutingTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void aDatasetOwnedByTheOtherInstanceIsAnsweredThroughIt() {
        try (CatalogHarness catalog = CatalogHarness.start(infra, ReadPathTest.READS)) {
            List<DatasetId> datasets = onePerPartition(3);
            for (DatasetId d : datasets) {
                catalog.client().createDataset(Dataset.newBuilder().setId(d).build()).join();
                catalog.client().createArtifact(d, "run-" + d.getName(), List.of(uri("out", "s3://b/" + d.getName())),
                        List.of("inputs"), null).join();
            }
            CatalogApp other = catalog.startAnotherInstance();
            List<String> urls = List.of(catalog.readUrl(), other.readUrl().orElseThrow());

            // once the rebalance settles, both instances answer every dataset, each read served by the dataset's owner
            Set<String> owners = new HashSet<>();
            await().atMost(CatalogHarness.TIMEOUT).untilAsserted(() -> {
                owners.clear();
                for (DatasetId d : datasets) {
                    List<String> servedBy = new ArrayList<>();
                    for (String url : urls) {
                        HttpReads.Answer answer = HttpReads.get(url + "/catalog/v1/artifact?" + HttpReads.dataset(d) + "&tag=inputs");
                        assertThat(answer.status()).as(url + " " + answer.json()).isEqualTo(200);
                        assertThat(answer.json().path("artifact").path("artifact_id").asText()).isEqualTo("run-" + d.getName());
                        servedBy.add(answer.servedBy());
                    }
                    assertThat(servedBy.get(0)).as("both instances name the same owner").isEqualTo(servedBy.get(1));
                    owners.add(servedBy.get(0));
                }
                assertThat(owners).as("each instance owns some of the three partitions").hasSize(2);
            });

            // a read that was already forwarded, to an instance that does not own the dataset: 503, not another hop
            for (DatasetId d : datasets) {
                HttpReads.Answer owner = HttpReads.get(urls.get(0) + "/catalog/v1/dataset?" + HttpReads.dataset(d));
                String notOwner = owner.servedBy().endsWith(":" + port(urls.get(0))) ? urls.get(1) : urls.get(0);
                HttpReads.Answer looped = HttpReads.get(notOwner + "/catalog/v1/dataset?" + HttpReads.dataset(d),
                        "Dataproxy-Forwarded-By", "elsewhere:1");
                assertThat(looped.status()).isEqualTo(503);
                assertThat(looped.code()).isEqualTo("UNAVAILABLE");
                assertThat(looped.response().headers().firstValue("Retry-After")).contains("1");
            }
        }
    }

    private static String port(String url) {
        return url.substring(url.lastIndexOf(':') + 1);
    }

    /** Datasets whose keys fall in each of the commands topic's partitions (the default partitioner's murmur2). */
    static List<DatasetId> onePerPartition(int partitions) {
        List<DatasetId> found = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        for (int i = 0; covered.size() < partitions; i++) {
            DatasetId d = dataset("routed-" + i);
            int partition = Utils.toPositive(Utils.murmur2(DatasetKeys.of(d).getBytes(StandardCharsets.UTF_8))) % partitions;
            if (covered.add(partition)) {
                found.add(d);
            }
        }
        return found;
    }
}
