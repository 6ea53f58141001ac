package io.dataproxy.bench.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.ArtifactResult;
import io.dataproxy.catalog.Outcome;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The catalog benchmarks' setup and one invocation, small: not a timing, only that they measure what they claim. */
class BenchSmokeTest {

    @Test
    void expiryHarnessPurgesExactlyWhatIsDueAndBoundsTheTick() {
        try (ExpiryHarness harness = new ExpiryHarness(10, 2, 1_000)) {
            harness.load(10_000);
            harness.flush();
            assertThat(harness.artifact(0)).isNotNull();
            assertThat(harness.taggedArtifactId(0)).isEqualTo(ExpiryHarness.artifactId(0));

            assertThat(harness.tick(ExpiryHarness.T0 + 1_800_000L, 10_000)).as("nothing due yet").isZero();
            assertThat(harness.fullScan(harness.dueAt(0))).isEqualTo(1_000);

            assertThat(harness.tick(harness.dueAt(0), 10_000)).as("group 0 due").isEqualTo(1_000);
            assertThat(harness.artifact(0)).isNull();
            assertThat(harness.taggedArtifactId(999)).isNull();
            assertThat(harness.artifact(1_000)).as("group 1 is not due yet").isNotNull();
            assertThat(harness.artifact(5_000)).isNotNull();

            assertThat(harness.tick(harness.dueAt(1), 300)).as("maxPerTick bounds a tick").isEqualTo(300);
            assertThat(harness.fullScan(harness.dueAt(1))).isEqualTo(700);
            assertThat(harness.tick(harness.dueAt(1), 10_000)).isEqualTo(700);
            assertThat(harness.fullScan(Long.MAX_VALUE - 1)).isEqualTo(8_000);
        }
    }

    @Test
    void catalogCommandBenchmarkCreatesAndFindsByTag() {
        CatalogCommandBenchmark bench = new CatalogCommandBenchmark();
        bench.preload = 2_000;
        bench.setUp();
        try {
            Outcome created = bench.createArtifactWithTagAndTtl();
            assertThat(created.replyBody()).isInstanceOf(ArtifactResult.class);
            assertThat(((ArtifactResult) created.replyBody()).getArtifact().getArtifactId()).isEqualTo("run-2000");
            assertThat(bench.harness.taggedArtifactId(2_000)).isEqualTo("run-2000");
            for (int n = 0; n < 3; n++) {
                Outcome found = bench.getArtifactByTag();
                assertThat(found.replyBody()).isInstanceOf(ArtifactResult.class);
            }
        } finally {
            bench.close();
        }
    }

    @Test
    void listingBenchmarksServeTheNewestFirstAndTheOldAlgorithmAgrees() {
        ListArtifactsBenchmark bench = new ListArtifactsBenchmark();
        bench.artifacts = 500;
        bench.limit = 20;
        bench.setUp(); // checks the first page itself
        ListByLoadingDatasetBenchmark old = new ListByLoadingDatasetBenchmark();
        old.artifacts = 500;
        old.limit = 20;
        old.setUp();
        try {
            List<String> newest = IntStream.range(0, 20).mapToObj(i -> DatasetHarness.artifactId(499 - i)).toList();
            assertThat(ids(((ArtifactPage) bench.listFirstPage().replyBody()).getArtifacts())).isEqualTo(newest);
            assertThat(ids(old.listFirstPage())).as("the comparison lists the same page").isEqualTo(newest);

            for (int n = 0; n < 20; n++) {
                ArtifactPage page = (ArtifactPage) bench.listPageAfterRandomPosition().replyBody();
                List<String> ids = ids(page.getArtifacts());
                assertThat(ids).as("a page after a position: at most the limit").hasSizeLessThanOrEqualTo(20);
                for (int i = 1; i < ids.size(); i++) {
                    assertThat(ids.get(i)).as("newest first, nothing skipped")
                            .isEqualTo(DatasetHarness.artifactId(Integer.parseInt(ids.get(i - 1).substring(4)) - 1));
                }
                assertThat(bench.getArtifactByTag().replyBody()).isInstanceOf(ArtifactResult.class);
            }
        } finally {
            bench.close();
            old.close();
        }
    }

    private static List<String> ids(List<Artifact> artifacts) {
        return artifacts.stream().map(Artifact::getArtifactId).toList();
    }
}
