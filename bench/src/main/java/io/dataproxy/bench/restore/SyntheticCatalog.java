package io.dataproxy.bench.restore;

import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.wire.DatasetKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * The catalog the benchmark loads, computed from indices so that loading and checking agree without keeping a
 * million names in memory: artifact {@code a} lives in dataset {@code a % datasets}, has one tag and one data value
 * whose uri is shaped like a Flyte output (every uri distinct, so the catalog counts one reference per artifact).
 */
record SyntheticCatalog(int artifacts, int datasets, int partitions) {

    DatasetId dataset(int d) {
        return DatasetId.newBuilder().setProject("flytesnacks").setDomain("development")
                .setName(String.format("flyte_task-workflows.bench.task_%04d", d))
                .setVersion(String.format("1.0-%08x-%08x", mix(d), mix(~d))).build();
    }

    int datasetOf(int artifact) {
        return artifact % datasets;
    }

    String artifactId(int a) {
        return String.format("a%019x", mix(a) & 0xffffffffL | ((long) a << 32));
    }

    /** The tag a cache looks the artifact up by: the hash of its task's inputs. */
    String tag(int a) {
        return String.format("inputs-%08x%08x", mix(a), mix(a + 0x5bd1e995));
    }

    String uri(int a) {
        return "s3://dataproxy-bench/metadata/propeller/flytesnacks-development-" + artifactId(a) + "/n0/data/0/outputs.pb";
    }

    /** The Kafka partition of the dataset's records: the producer's default (murmur2 of the key's UTF-8 bytes). */
    int partitionOf(int dataset) {
        byte[] key = DatasetKeys.of(dataset(dataset)).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /**
     * Per partition, the last artifact loaded into it (or -1 when no dataset landed there): answered only once the
     * partition's task has restored all its stores, and the last to be written, so it checks the whole changelog.
     */
    List<Integer> lastArtifactPerPartition() {
        int[] partitionOfDataset = new int[datasets];
        for (int d = 0; d < datasets; d++) {
            partitionOfDataset[d] = partitionOf(d);
        }
        List<Integer> last = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            last.add(-1);
        }
        for (int a = artifacts - 1; a >= 0 && last.contains(-1); a--) {
            int p = partitionOfDataset[datasetOf(a)];
            if (last.get(p) == -1) {
                last.set(p, a);
            }
            if (a < artifacts - datasets) {
                break; // every dataset has been seen: partitions without one stay -1
            }
        }
        return last;
    }

    /** A cheap integer hash (the finaliser of murmur3), so names look random but are reproducible. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
