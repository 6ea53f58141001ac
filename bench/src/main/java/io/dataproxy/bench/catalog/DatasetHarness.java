package io.dataproxy.bench.catalog;

import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.CreateArtifact;
import io.dataproxy.avro.catalog.CreateDataset;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.common.Error;
import io.dataproxy.catalog.Catalog;
import io.dataproxy.catalog.Outcome;
import io.dataproxy.wire.DatasetKeys;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * One dataset of {@code n} artifacts in the catalog's RocksDB stores ({@link BenchStores}), created through the
 * catalog's own rules ({@link Catalog#handle} CreateArtifact, so the artifact, tag, expiry and listing index entries
 * are what the app writes), in write batches. Artifact {@code i} is created at {@code T0 + i} ms, so the listing
 * order is the reverse of {@code i}; each has one tag, a 30-day TTL, and one value: a uri, or {@code inlineBytes}.
 */
public final class DatasetHarness implements AutoCloseable {

    public static final long T0 = ExpiryHarness.T0;
    public static final DatasetId DATASET = DatasetId.newBuilder().setOrg("").setProject("flytesnacks")
            .setDomain("development").setName("flyte_task-popular").setVersion("1.0-abc-def").build();
    public static final String KEY = DatasetKeys.of(DATASET);
    private static final long TTL = Duration.ofDays(30).toMillis();

    private final BenchStores stores = new BenchStores();
    private final int count;

    /** Creates the dataset and its {@code count} artifacts. */
    public DatasetHarness(int count, int inlineBytes) {
        this.count = count;
        BatchingCatalogState batch = stores.batching();
        Catalog loader = stores.catalog(batch);
        expectOk(loader.handle(KEY, request(CreateDataset.newBuilder()
                .setDataset(Dataset.newBuilder().setId(DATASET).setPartitionKeys(List.of()).build()).build()), T0, T0));
        ByteBuffer inline = ByteBuffer.wrap(new byte[inlineBytes]).asReadOnlyBuffer();
        for (int i = 0; i < count; i++) {
            DataValue value = inlineBytes == 0
                    ? DataValue.newBuilder().setName("model").setUri("s3://bucket/flytesnacks/development/" + i + "/model.bin").build()
                    : DataValue.newBuilder().setName("model").setInline(inline.duplicate()).build();
            CreateArtifact create = CreateArtifact.newBuilder().setDataset(DATASET).setArtifactId(artifactId(i))
                    .setData(List.of(value)).setTags(List.of(tag(i))).setTtl(TTL).build();
            expectOk(loader.handle(KEY, request(create), T0 + i, T0 + i));
            if (batch.pending() >= ExpiryHarness.BATCH) {
                batch.flush();
            }
        }
        batch.flush();
        stores.flush();
    }

    public static String artifactId(int i) {
        return String.format("run-%07d", i);
    }

    public static String tag(int i) {
        return "inputs-" + Integer.toHexString(i * 0x9E3779B1);
    }

    /** When queries run: after the last artifact was created, long before any expires. */
    public long now() {
        return T0 + count + 1;
    }

    /** The catalog over the store-backed state, as the app runs it. */
    public Catalog catalog() {
        return stores.catalog();
    }

    BenchStores stores() {
        return stores;
    }

    static CatalogRequest request(Object body) {
        return CatalogRequest.newBuilder().setRequestId("bench").setBody(body).build();
    }

    static void expectOk(Outcome outcome) {
        if (outcome.replyBody() instanceof Error e) {
            throw new IllegalStateException("the catalog refused: " + e);
        }
    }

    @Override
    public void close() {
        stores.close();
    }
}
