package io.dataproxy.bench.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.catalog.Lifetimes;
import io.dataproxy.catalog.StoreKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
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
 * For comparison with {@link ListArtifactsBenchmark}: a first page of ListArtifacts as the catalog served it before
 * the listing index (issue 18), over the same stores: every artifact of the dataset loaded (a prefix scan of the
 * artifact store, values decoded), the live ones sorted newest first, the first {@code limit} kept.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ListByLoadingDatasetBenchmark {

    private static final Comparator<Artifact> NEWEST_FIRST = Comparator
            .comparing((Artifact a) -> a.getCreatedAt().toEpochMilli(), Comparator.reverseOrder())
            .thenComparing(Artifact::getArtifactId);

    @Param({"100", "10000", "100000"})
    public int artifacts;

    @Param("20")
    public int limit;

    /** Bytes of inline data per artifact; 0: a uri. With 4096 and {@code -prof gc}: what one old page held. */
    @Param("0")
    public int inlineBytes;

    DatasetHarness harness;
    long now;

    @Setup
    public void setUp() {
        harness = new DatasetHarness(artifacts, inlineBytes);
        now = harness.now();
    }

    @TearDown
    public void close() {
        harness.close();
    }

    @Benchmark
    public List<Artifact> listFirstPage() {
        List<Artifact> all = new ArrayList<>();
        try (KeyValueIterator<String, Artifact> it = harness.stores().artifacts.prefixScan(
                StoreKeys.datasetPrefix(DatasetHarness.KEY), new StringSerializer())) {
            it.forEachRemaining(entry -> {
                if (Lifetimes.isLive(entry.value, now)) {
                    all.add(entry.value);
                }
            });
        }
        all.sort(NEWEST_FIRST);
        return all.subList(0, Math.min(limit, all.size()));
    }
}
