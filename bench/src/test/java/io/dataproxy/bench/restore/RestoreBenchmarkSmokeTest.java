package io.dataproxy.bench.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole restore benchmark at a small size, against a real broker and a real catalog process: it checks counts and
 * answers, not timings (every start answers on every partition with the last artifact loaded there).
 */
class RestoreBenchmarkSmokeTest {

    private static final int ARTIFACTS = 2_000;
    private static final int DATASETS = 20;
    private static final int PARTITIONS = 3;

    @Test
    void loadsThenRestoresAndEveryPartitionAnswersWithItsLastArtifact(@TempDir Path work) throws Exception {
        // no warm restart: the same code path as the restore, and each start of the catalog costs 10 s or more here
        RestoreOptions options = new RestoreOptions(ARTIFACTS, DATASETS, PARTITIONS, work, false, false, false, "1g",
                Map.of(), List.of(), null, Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofDays(30),
                Duration.ofSeconds(2), Duration.ofSeconds(4), false); // short settling: memory figures are not checked here

        RestoreReport report = RestoreBenchmark.run(options, System.out);
        System.out.print(report.summary());

        assertThat(report.load().commandsSent()).isEqualTo(DATASETS + ARTIFACTS);
        assertThat(report.load().commandsProcessed()).as("committed offsets on the commands topic").isEqualTo(DATASETS + ARTIFACTS);
        assertThat(report.load().artifactsCreated()).as("CreateArtifact answered OK").isEqualTo(ARTIFACTS);
        assertThat(report.atRest().rssKb()).isPositive();

        assertThat(report.restarts()).extracting(RestoreReport.Restart::label).containsExactly("restore");
        for (RestoreReport.Restart restart : report.restarts()) {
            assertThat(restart.probe().answers()).as(restart.label()).hasSize(PARTITIONS)
                    .allSatisfy(a -> assertThat(a.correct()).as(a.detail()).isTrue());
            assertThat(restart.probe().readyMillis()).as("/readyz 200 after " + restart.label()).isNotNegative();
            assertThat(restart.exitStatus()).as("clean stop on SIGTERM").isEqualTo(143);
        }
        RestoreReport.Restart restore = report.restarts().get(0);
        // every logged store's changelog: artifacts and uri references (one per artifact each), plus the datasets;
        // nothing else was ever written (the tag, expiry and listing indexes have no changelog)
        assertThat(restore.log().recordsRestored()).as("records the restore applied, from the catalog's log")
                .isEqualTo(2L * ARTIFACTS + DATASETS);
        assertThat(restore.log().artifactsReindexed()).as("the indexes rebuilt from every artifact").isEqualTo(ARTIFACTS);
        assertThat(report.ok()).isTrue();

        assertThat(work.resolve("summary.json")).isNotEmptyFile();
        assertThat(Files.readAllLines(work.resolve("rss.csv"))).hasSizeGreaterThan(5);
        assertThat(work.resolve("catalog-state")).as("state deleted without --keep").doesNotExist();
    }

    @Test
    void everyPartitionHasAProbeArtifactFromItsOwnDatasets() {
        SyntheticCatalog catalog = new SyntheticCatalog(ARTIFACTS, DATASETS, PARTITIONS);
        List<Integer> probes = catalog.lastArtifactPerPartition();
        assertThat(probes).hasSize(PARTITIONS).doesNotContain(-1);
        for (int p = 0; p < PARTITIONS; p++) {
            int artifact = probes.get(p);
            assertThat(catalog.partitionOf(catalog.datasetOf(artifact))).isEqualTo(p);
            for (int later = artifact + 1; later < ARTIFACTS; later++) {
                assertThat(catalog.partitionOf(catalog.datasetOf(later))).as("no later artifact on partition " + p).isNotEqualTo(p);
            }
        }
    }
}
