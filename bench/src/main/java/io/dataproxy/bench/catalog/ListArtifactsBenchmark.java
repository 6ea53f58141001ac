package io.dataproxy.bench.catalog;

import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.catalog.Catalog;
import io.dataproxy.catalog.Outcome;
import io.dataproxy.catalog.PageToken;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * ListArtifacts and GetArtifact in one dataset of {@code artifacts} artifacts ({@link DatasetHarness}), through
 * {@link Catalog#handle} over the real RocksDB stores (the app's bounded memory, no changelog, no Kafka, no serde
 * of the request or reply). Sample time, so JMH reports p50/p99. A page is {@code limit} artifacts: the first page,
 * or the page after a random position (a token from a page served earlier).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ListArtifactsBenchmark {

    @Param({"100", "10000", "100000", "1000000"})
    public int artifacts;

    @Param("20")
    public int limit;

    /** Bytes of inline data per artifact; 0: a uri. */
    @Param("0")
    public int inlineBytes;

    DatasetHarness harness;
    Catalog catalog;
    long now;
    String[] tokens;
    final SplittableRandom random = new SplittableRandom(18);

    @Setup
    public void setUp() {
        harness = new DatasetHarness(artifacts, inlineBytes);
        catalog = harness.catalog();
        now = harness.now();
        tokens = new String[256];
        for (int t = 0; t < tokens.length; t++) {
            int i = random.nextInt(artifacts);
            tokens[t] = PageToken.ofArtifact(DatasetHarness.T0 + i, DatasetHarness.artifactId(i));
        }
        ArtifactPage first = (ArtifactPage) listFirstPage().replyBody();
        if (first.getArtifacts().size() != Math.min(limit, artifacts)
                || !first.getArtifacts().get(0).getArtifactId().equals(DatasetHarness.artifactId(artifacts - 1))) {
            throw new IllegalStateException("unexpected first page: " + first.getArtifacts().size() + " artifacts");
        }
    }

    @TearDown
    public void close() {
        harness.close();
    }

    @Benchmark
    public Outcome listFirstPage() {
        return catalog.handle(DatasetHarness.KEY, DatasetHarness.request(ListArtifacts.newBuilder()
                .setDataset(DatasetHarness.DATASET).setLimit(limit).build()), now, now);
    }

    @Benchmark
    public Outcome listPageAfterRandomPosition() {
        String token = tokens[random.nextInt(tokens.length)];
        return catalog.handle(DatasetHarness.KEY, DatasetHarness.request(ListArtifacts.newBuilder()
                .setDataset(DatasetHarness.DATASET).setLimit(limit).setPageToken(token).build()), now, now);
    }

    @Benchmark
    public Outcome getArtifactByTag() {
        String tag = DatasetHarness.tag(random.nextInt(artifacts));
        return catalog.handle(DatasetHarness.KEY, DatasetHarness.request(GetArtifact.newBuilder()
                .setDataset(DatasetHarness.DATASET).setTagName(tag).build()), now, now);
    }
}
