package io.dataproxy.cli.bench;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.client.ArtifactRef;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.client.CatalogReader;
import io.dataproxy.client.RequestFailed;
import io.dataproxy.wire.CommandPosition;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * The catalog bench's requests, a cache's traffic: {@code CreateArtifact} (one inline value, one tag, a TTL: a task's
 * outputs stored under its inputs' hash) and {@code GetArtifact} by a tag that exists (a cache hit), mixed at random
 * in the given ratio over {@code --datasets} datasets (one per cached task).
 *
 * <p>With a {@link CatalogReader} the lookups go over the catalog's HTTP read path instead; a share of them can then
 * read the artifact of the latest answered create, by its tag, passing that create's position (read-your-writes).
 *
 * <p>{@link #prepare()} creates the datasets and {@value #TAGS_PER_DATASET} tagged artifacts in each before the
 * warm-up, so every read finds something. Names carry a per-run id, so runs do not collide.
 */
final class CatalogWorkload implements Workload {

    static final String CREATE_ARTIFACT = "create_artifact";
    static final String GET_ARTIFACT = "get_artifact";
    /** A read over HTTP of the artifact the latest answered create wrote, passing that create's position. */
    static final String GET_AFTER_CREATE = "get_after_create";
    static final int TAGS_PER_DATASET = 10;
    /** Long enough to outlive any run (nothing expires under the bench), short enough not to pile up in a sandbox. */
    static final Duration TTL = Duration.ofHours(1);
    /** About a serialized literal of a few scalar outputs. */
    static final int VALUE_BYTES = 256;

    private final CatalogClient client;
    /** Reads over the catalog's HTTP read path, or {@code null}: over Kafka. */
    private final CatalogReader reader;
    private final List<DatasetId> datasets;
    private final String runId;
    private final double readRatio;
    private final double afterCreateRatio;
    /** The latest create that was answered with a position: what a read-your-writes read reads. */
    private final AtomicReference<Created> latest = new AtomicReference<>();
    private final SplittableRandom random = new SplittableRandom();
    private final ByteBuffer value;
    private long created;

    private record Created(DatasetId dataset, String tag, CommandPosition position) {
    }

    CatalogWorkload(CatalogClient client, List<DatasetId> datasets, String runId, double readRatio) {
        this(client, null, 0, datasets, runId, readRatio);
    }

    /**
     * @param reader           reads over HTTP instead of Kafka ({@code null}: over Kafka)
     * @param afterCreateRatio the share of reads that read the latest answered create with its position (needs reader)
     */
    CatalogWorkload(CatalogClient client, CatalogReader reader, double afterCreateRatio, List<DatasetId> datasets,
                    String runId, double readRatio) {
        this.client = client;
        this.reader = reader;
        this.afterCreateRatio = afterCreateRatio;
        this.datasets = datasets;
        this.runId = runId;
        this.readRatio = readRatio;
        byte[] bytes = new byte[VALUE_BYTES];
        new SplittableRandom(42).nextBytes(bytes);
        this.value = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    static List<DatasetId> datasets(String project, int count) {
        return IntStream.range(0, count).mapToObj(i -> DatasetId.newBuilder().setProject(project).setDomain("bench")
                .setName("bench_task-" + i).setVersion("v1").build()).toList();
    }

    @Override
    public List<String> operations() {
        return afterCreateRatio > 0 ? List.of(CREATE_ARTIFACT, GET_ARTIFACT, GET_AFTER_CREATE)
                : List.of(CREATE_ARTIFACT, GET_ARTIFACT);
    }

    @Override
    public Request send() {
        DatasetId dataset = datasets.get(random.nextInt(datasets.size()));
        if (random.nextDouble() < readRatio) {
            Created last = latest.get();
            if (last != null && afterCreateRatio > 0 && random.nextDouble() < afterCreateRatio) {
                return new Request(GET_AFTER_CREATE, reader.getArtifact(ArtifactRef.byTag(last.dataset(), last.tag()), null,
                        last.position()));
            }
            ArtifactRef ref = ArtifactRef.byTag(dataset, existingTag(random.nextInt(TAGS_PER_DATASET)));
            return new Request(GET_ARTIFACT, reader != null ? reader.getArtifact(ref, null) : client.getArtifact(ref));
        }
        long n = created++;
        String tag = "inputs-" + runId + "-" + n;
        if (afterCreateRatio > 0) {
            return new Request(CREATE_ARTIFACT, client.createArtifactAt(dataset, runId + "-" + n, List.of(output()), Map.of(),
                    Map.of(), List.of(tag), TTL).thenApply(written -> {
                        written.position().ifPresent(at -> latest.set(new Created(dataset, tag, at)));
                        return written;
                    }));
        }
        return new Request(CREATE_ARTIFACT, create(dataset, runId + "-" + n, tag));
    }

    /**
     * Creates the datasets (one that exists is fine: an earlier run's) and the artifacts the reads look up. Fails
     * like the CLI's other catalog commands when the catalog refuses or does not answer.
     */
    void prepare() {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (DatasetId dataset : datasets) {
            pending.add(client.createDataset(Dataset.newBuilder().setId(dataset).build())
                    .exceptionally(CatalogWorkload::existingIsFine));
        }
        joinAll(pending);
        pending.clear();
        for (DatasetId dataset : datasets) {
            for (int k = 0; k < TAGS_PER_DATASET; k++) {
                pending.add(create(dataset, runId + "-cached-" + k, existingTag(k)));
            }
        }
        joinAll(pending);
    }

    private CompletableFuture<Artifact> create(DatasetId dataset, String artifactId, String tag) {
        return client.createArtifact(dataset, artifactId, List.of(output()), List.of(tag), TTL);
    }

    private DataValue output() {
        return DataValue.newBuilder().setName("o0").setInline(value.duplicate()).build();
    }

    private String existingTag(int k) {
        return "inputs-" + runId + "-cached-" + k;
    }

    private static Dataset existingIsFine(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RequestFailed failed && failed.code() == ErrorCode.ALREADY_EXISTS) {
            return null;
        }
        throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
    }

    private static void joinAll(List<CompletableFuture<?>> futures) {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }

    /** A request as the workload sends them (for the poison stream to cut and misdirect): a cache lookup. */
    static CatalogRequest sample(DatasetId dataset) {
        return CatalogRequest.newBuilder().setRequestId("poison").setBody(GetArtifact.newBuilder().setDataset(dataset)
                .setTagName("poison").build()).build();
    }

    /**
     * What the catalog answers to both kinds of request here (an {@code ArtifactResult}), with the same fields and
     * sizes: the pass-through baseline's reply, so its encoding costs what the catalog's does.
     */
    static Artifact replyTemplate() {
        byte[] bytes = new byte[VALUE_BYTES];
        new SplittableRandom(42).nextBytes(bytes);
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        return Artifact.newBuilder()
                .setDataset(datasets("bench", 1).get(0))
                .setArtifactId("0f3c2a9e-run-123456")
                .setData(List.of(DataValue.newBuilder().setName("o0").setInline(ByteBuffer.wrap(bytes)).build()))
                .setMetadata(Map.of())
                .setPartitions(Map.of())
                .setTags(List.of("inputs-0f3c2a9e-123456"))
                .setCreatedAt(created)
                .setExpiresAt(created.plus(TTL))
                .build();
    }
}
