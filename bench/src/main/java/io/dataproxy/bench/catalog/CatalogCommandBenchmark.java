package io.dataproxy.bench.catalog;

import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.CreateArtifact;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.catalog.Catalog;
import io.dataproxy.catalog.Outcome;
import java.time.Duration;
import java.util.List;
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
 * The catalog's command handling ({@link Catalog#handle}) against its real RocksDB stores (opened directly, see
 * {@link BenchStores}; no changelog, no Kafka, no serde of the command or reply): CreateArtifact with a tag and a
 * TTL, and GetArtifact by tag (the cache lookup), over {@code preload} artifacts in 1,000 datasets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CatalogCommandBenchmark {

    static final long TTL = Duration.ofDays(7).toMillis();

    @Param("100000")
    public int preload;

    ExpiryHarness harness;
    Catalog catalog;
    int next;
    int lookup;

    @Setup
    public void setUp() {
        harness = new ExpiryHarness(1_000, 0, 1);
        harness.load(preload);
        harness.flush();
        catalog = harness.catalog();
        next = preload;
    }

    @TearDown
    public void close() {
        harness.close();
    }

    @Benchmark
    public Outcome createArtifactWithTagAndTtl() {
        int i = next++;
        CreateArtifact create = CreateArtifact.newBuilder().setDataset(ExpiryHarness.datasetId(i % harness.datasets()))
                .setArtifactId(ExpiryHarness.artifactId(i))
                .setData(List.of(DataValue.newBuilder().setName("model")
                        .setUri("s3://bucket/uploads/flytesnacks/development/" + i + "/model.bin").build()))
                .setTags(List.of(ExpiryHarness.tag(i))).setTtl(TTL).build();
        return catalog.handle(harness.datasetKey(i), request(create), ExpiryHarness.T0, ExpiryHarness.T0);
    }

    @Benchmark
    public Outcome getArtifactByTag() {
        int i = lookup;
        lookup = (lookup + 7919) % preload; // a prime stride: spread over datasets and keys
        GetArtifact get = GetArtifact.newBuilder().setDataset(ExpiryHarness.datasetId(i % harness.datasets()))
                .setTagName(ExpiryHarness.tag(i)).build();
        return catalog.handle(harness.datasetKey(i), request(get), ExpiryHarness.T0, ExpiryHarness.T0);
    }

    static CatalogRequest request(Object body) {
        return CatalogRequest.newBuilder().setRequestId("bench").setBody(body).build();
    }
}
