package io.dataproxy.bench.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactExpired;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.CreateArtifact;
import io.dataproxy.avro.catalog.CreateDataset;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.common.Error;
import io.dataproxy.catalog.Catalog;
import io.dataproxy.catalog.ExpiryPurge;
import io.dataproxy.catalog.Outcome;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Live artifacts in the catalog's RocksDB stores, loaded through the catalog's own rules ({@link Catalog#handle}
 * CreateArtifact with a tag and a TTL, so the artifact, tag and expiry-index entries are what the app writes),
 * and the expiry punctuator's work ({@link ExpiryPurge#tick}) over them.
 *
 * <p>Artifact {@code i} lives in dataset {@code i % datasets}. The first {@code dueGroups * groupSize} artifacts
 * expire in groups: group {@code g} at {@link #dueAt(int) T0 + 1h + g min}; every other one 30 days after T0. So a
 * tick at {@code dueAt(g)}, after the earlier groups were purged, has exactly {@code groupSize} due.
 */
public final class ExpiryHarness implements AutoCloseable {

    public static final long T0 = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();
    static final long LONG_TTL = Duration.ofDays(30).toMillis();
    static final int BATCH = 10_000;

    private final BenchStores stores = new BenchStores();
    private final int datasets;
    private final int dueGroups;
    private final int groupSize;
    private int created;

    public ExpiryHarness(int datasets, int dueGroups, int groupSize) {
        this.datasets = datasets;
        this.dueGroups = dueGroups;
        this.groupSize = groupSize;
    }

    public static DatasetId datasetId(int d) {
        return DatasetId.newBuilder().setOrg("").setProject("flytesnacks").setDomain("development")
                .setName("flyte_task-train-" + d).setVersion("1.0-abc-def").build();
    }

    public static String artifactId(int i) {
        return "run-" + i;
    }

    public static String tag(int i) {
        return "inputs-" + Integer.toHexString(i * 0x9E3779B1);
    }

    public long dueAt(int group) {
        return T0 + Duration.ofHours(1).toMillis() + group * 60_000L;
    }

    /** Creates the datasets and then {@code count} artifacts, through the catalog, in write batches; returns ms. */
    public long load(int count) {
        long start = System.nanoTime();
        BatchingCatalogState batch = stores.batching();
        Catalog catalog = stores.catalog(batch);
        for (int d = 0; d < datasets; d++) {
            DatasetId id = datasetId(d);
            expectOk(catalog.handle(DatasetKeys.of(id), request(CreateDataset.newBuilder()
                    .setDataset(Dataset.newBuilder().setId(id).setPartitionKeys(List.of()).build()).build()), T0, T0));
        }
        batch.flush();
        createMore(catalog, batch, count);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** {@code count} more artifacts with the 30-day TTL (or a due group's, for the first ones). */
    public void createMore(int count) {
        BatchingCatalogState batch = stores.batching();
        createMore(stores.catalog(batch), batch, count);
    }

    private void createMore(Catalog catalog, BatchingCatalogState batch, int count) {
        for (int n = 0; n < count; n++) {
            int i = created++;
            DatasetId dataset = datasetId(i % datasets);
            long ttl = i < dueGroups * groupSize ? dueAt(i / groupSize) - T0 : LONG_TTL;
            CreateArtifact create = CreateArtifact.newBuilder().setDataset(dataset).setArtifactId(artifactId(i))
                    .setData(List.of(DataValue.newBuilder().setName("model")
                            .setUri("s3://bucket/uploads/flytesnacks/development/" + i + "/model.bin").build()))
                    .setTags(List.of(tag(i))).setTtl(ttl).build();
            expectOk(catalog.handle(DatasetKeys.of(dataset), request(create), T0, T0));
            if (batch.pending() >= BATCH) {
                batch.flush();
            }
        }
        batch.flush();
    }

    private static CatalogRequest request(Object body) {
        return CatalogRequest.newBuilder().setRequestId("load").setBody(body).build();
    }

    private static void expectOk(Outcome outcome) {
        if (outcome.replyBody() instanceof Error e) {
            throw new IllegalStateException("the catalog refused a load command: " + e);
        }
    }

    /** Flushes every store's memtable, as a commit does. */
    public void flush() {
        stores.flush();
    }

    /** One expiry tick at {@code now}; returns how many artifacts it purged. */
    public int tick(long now, int maxPerTick) {
        Outcome outcome = stores.purge(maxPerTick).tick(now);
        int expired = 0;
        for (CatalogEvent event : outcome.events()) {
            if (event.getBody() instanceof ArtifactExpired) {
                expired++;
            }
        }
        return expired;
    }

    /**
     * The alternative the index replaces (Confluent's TTL tutorial): scan the whole artifact store and check each
     * artifact's {@code expires_at}. Returns how many are due; deletes nothing.
     */
    public int fullScan(long now) {
        int due = 0;
        try (KeyValueIterator<String, Artifact> it = stores.artifacts.all()) {
            while (it.hasNext()) {
                KeyValue<String, Artifact> entry = it.next();
                Instant expiresAt = entry.value.getExpiresAt();
                if (expiresAt != null && expiresAt.toEpochMilli() <= now) {
                    due++;
                }
            }
        }
        return due;
    }

    public Artifact artifact(int i) {
        return stores.state().artifact(DatasetKeys.of(datasetId(i % datasets)), artifactId(i));
    }

    public String taggedArtifactId(int i) {
        return stores.state().tag(DatasetKeys.of(datasetId(i % datasets)), tag(i));
    }

    /** The catalog over the store-backed state (unbatched writes, as in the app). */
    public Catalog catalog() {
        return stores.catalog();
    }

    /** The key of artifact {@code i}'s dataset. */
    public String datasetKey(int i) {
        return DatasetKeys.of(datasetId(i % datasets));
    }

    public int datasets() {
        return datasets;
    }

    public long approximateArtifacts() {
        return stores.approximateArtifacts();
    }

    @Override
    public void close() {
        stores.close();
    }
}
