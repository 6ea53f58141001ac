package io.dataproxy.client;

import io.dataproxy.avro.catalog.AddTag;
import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.ArtifactResult;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.CreateArtifact;
import io.dataproxy.avro.catalog.CreateDataset;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.DatasetPage;
import io.dataproxy.avro.catalog.DatasetResult;
import io.dataproxy.avro.catalog.DeleteArtifact;
import io.dataproxy.avro.catalog.Done;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.catalog.GetDataset;
import io.dataproxy.avro.catalog.GetOrExtendReservation;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.avro.catalog.ListDatasets;
import io.dataproxy.avro.catalog.ReleaseReservation;
import io.dataproxy.avro.catalog.ReservationResult;
import io.dataproxy.avro.catalog.UpdateArtifact;
import io.dataproxy.avro.common.Error;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.CommandPosition;
import io.dataproxy.wire.TopicContract;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A client of the catalog: commands and queries over {@code catalog.commands}, futures of the replies
 * from {@code catalog.replies}. An {@code Error} reply fails the future with {@link RequestFailed}
 * (its {@link RequestFailed#code() code} says which: {@code NOT_FOUND}, {@code ALREADY_EXISTS}...); no
 * reply within the client's timeout fails it with a {@link java.util.concurrent.TimeoutException}.
 *
 * <pre>{@code
 * try (CatalogClient catalog = CatalogClient.connect(Map.of("bootstrap.servers", "localhost:9092",
 *                                                           "schema.registry.url", "http://localhost:8081"))) {
 *     DatasetId task = DatasetId.newBuilder().setProject("p").setDomain("d")
 *             .setName("flyte_task-train").setVersion("1.0-abc-def").build();
 *     catalog.createDataset(Dataset.newBuilder().setId(task).build()).join();
 *     catalog.createArtifact(task, "run-42", List.of(output), List.of("inputs-hash"), Duration.ofDays(7)).join();
 *     Artifact cached = catalog.getArtifact(ArtifactRef.byTag(task, "inputs-hash"), Duration.ofHours(1)).join();
 * }
 * }</pre>
 *
 * <p>Every request is keyed by its dataset's {@link DatasetKeys key}, so everything about one dataset goes
 * to one partition and a read sees the writes sent before it. {@link #listDatasets} names no dataset; it is
 * keyed by its project filter, or {@code ""} without one (any stable key will do: the catalog answers it
 * from a view of all datasets).
 *
 * <p>Durations ({@code ttl}, {@code maxAge}, {@code heartbeat}) travel as milliseconds; a {@code null}
 * ttl means "never expires" and a {@code null} maxAge "any age".
 */
public final class CatalogClient implements AutoCloseable {

    public static final String REQUEST_TOPIC = TopicContract.CATALOG_COMMANDS_TOPIC;
    public static final String REPLY_TOPIC = TopicContract.CATALOG_REPLIES_TOPIC;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final RequestReplyClient<CatalogRequest, Written<CatalogReply>> transport;
    private final Duration timeout;

    /** @param timeout how long each typed call waits for its reply */
    public CatalogClient(Map<String, ?> kafka, String requestTopic, String replyTopic, Duration timeout) {
        this.transport = new RequestReplyClient<>(kafka, requestTopic, replyTopic,
                new AvroWireSerializer<>(), new PositionedReplies(new AvroWireDeserializer<>(CatalogReply.class)));
        this.timeout = timeout;
    }

    /** With the default topic names and timeout. */
    public static CatalogClient connect(Map<String, ?> kafka) {
        return new CatalogClient(kafka, REQUEST_TOPIC, REPLY_TOPIC, DEFAULT_TIMEOUT);
    }

    /** Sends a request as it is, keyed by the dataset its body names, and returns the raw reply (errors included). */
    public CompletableFuture<CatalogReply> request(CatalogRequest request, Duration timeout) {
        return requestAt(request, timeout).thenApply(Written::value);
    }

    /** As {@link #request}, with the position the catalog applied it at ({@link CommandPosition}, for {@link CatalogReader}). */
    public CompletableFuture<Written<CatalogReply>> requestAt(CatalogRequest request, Duration timeout) {
        return transport.send(keyOf(request.getBody()), request, timeout);
    }

    // ---- datasets ------------------------------------------------------------------------------

    /** The dataset as created; {@code ALREADY_EXISTS} if it was there (callers may treat that as success). */
    public CompletableFuture<Dataset> createDataset(Dataset dataset) {
        return call(CreateDataset.newBuilder().setDataset(dataset).build(), DatasetResult.class)
                .thenApply(DatasetResult::getDataset);
    }

    public CompletableFuture<Dataset> getDataset(DatasetId dataset) {
        return call(GetDataset.newBuilder().setDataset(dataset).build(), DatasetResult.class)
                .thenApply(DatasetResult::getDataset);
    }

    /** One page; build the query with {@code ListDatasets.newBuilder()} (unset filters match everything, limit 50). */
    public CompletableFuture<DatasetPage> listDatasets(ListDatasets query) {
        return call(query, DatasetPage.class);
    }

    // ---- artifacts -----------------------------------------------------------------------------

    /** An artifact without metadata or partitions; see the full overload. */
    public CompletableFuture<Artifact> createArtifact(DatasetId dataset, String artifactId, List<DataValue> data,
                                                      List<String> tags, Duration ttl) {
        return createArtifact(dataset, artifactId, data, Map.of(), Map.of(), tags, ttl);
    }

    /**
     * @param partitions one value per partition key of the dataset
     * @param tags       assigned as by {@link #addTag}
     * @param ttl        the artifact expires {@code ttl} after it is created; {@code null}: never
     */
    public CompletableFuture<Artifact> createArtifact(DatasetId dataset, String artifactId, List<DataValue> data,
                                                      Map<String, String> metadata, Map<String, String> partitions,
                                                      List<String> tags, Duration ttl) {
        return artifact(CreateArtifact.newBuilder().setDataset(dataset).setArtifactId(artifactId).setData(data)
                .setMetadata(metadata).setPartitions(partitions).setTags(tags).setTtl(millis(ttl)).build());
    }

    /**
     * As {@link #createArtifact(DatasetId, String, List, Map, Map, List, Duration)}, with the position the catalog
     * applied it at: {@link CatalogReader} reads it back from that position on.
     */
    public CompletableFuture<Written<Artifact>> createArtifactAt(DatasetId dataset, String artifactId, List<DataValue> data,
                                                                 Map<String, String> metadata, Map<String, String> partitions,
                                                                 List<String> tags, Duration ttl) {
        CatalogRequest request = CatalogRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setBody(CreateArtifact.newBuilder().setDataset(dataset).setArtifactId(artifactId).setData(data)
                        .setMetadata(metadata).setPartitions(partitions).setTags(tags).setTtl(millis(ttl)).build()).build();
        return requestAt(request, timeout).thenApply(written -> new Written<>(
                result(written.value(), ArtifactResult.class).getArtifact(), written.position()));
    }

    /** The artifact the tag now points to. */
    public CompletableFuture<Artifact> addTag(DatasetId dataset, String tagName, String artifactId) {
        return artifact(AddTag.newBuilder().setDataset(dataset).setTagName(tagName).setArtifactId(artifactId).build());
    }

    /** Replaces data and metadata; {@code ttl} resets the expiry from now, {@code null} clears it. */
    public CompletableFuture<Artifact> updateArtifact(ArtifactRef artifact, List<DataValue> data,
                                                      Map<String, String> metadata, Duration ttl) {
        return artifact(UpdateArtifact.newBuilder().setDataset(artifact.dataset()).setArtifactId(artifact.artifactId())
                .setTagName(artifact.tagName()).setData(data).setMetadata(metadata).setTtl(millis(ttl)).build());
    }

    /** Removes the artifact and its tags. True if it existed; deleting a missing artifact is not an error. */
    public CompletableFuture<Boolean> deleteArtifact(ArtifactRef artifact) {
        return call(DeleteArtifact.newBuilder().setDataset(artifact.dataset()).setArtifactId(artifact.artifactId())
                .setTagName(artifact.tagName()).build(), Done.class).thenApply(Done::getChanged);
    }

    /** A live artifact, or {@code NOT_FOUND}. */
    public CompletableFuture<Artifact> getArtifact(ArtifactRef artifact) {
        return getArtifact(artifact, null);
    }

    /** A live artifact whose data was written (created or updated) at most {@code maxAge} ago ({@code null}: any age), or {@code NOT_FOUND}. */
    public CompletableFuture<Artifact> getArtifact(ArtifactRef artifact, Duration maxAge) {
        return artifact(GetArtifact.newBuilder().setDataset(artifact.dataset()).setArtifactId(artifact.artifactId())
                .setTagName(artifact.tagName()).setMaxAge(millis(maxAge)).build());
    }

    /**
     * One page, newest first; build the query with {@code ListArtifacts.newBuilder().setDataset(...)} and
     * optionally a tag, partition filters, a limit (default 50) and the previous page's token.
     */
    public CompletableFuture<ArtifactPage> listArtifacts(ListArtifacts query) {
        return call(query, ArtifactPage.class);
    }

    // ---- reservations --------------------------------------------------------------------------

    /**
     * Acquires or extends the reservation of {@code tagName} for {@code ownerId}. Status {@code ACQUIRED}: the
     * caller holds it until the returned {@code expires_at}; {@code EXISTS}: another owner does (not an error).
     */
    public CompletableFuture<ReservationResult> getOrExtendReservation(DatasetId dataset, String tagName, String ownerId,
                                                                       Duration heartbeat) {
        return call(GetOrExtendReservation.newBuilder().setDataset(dataset).setTagName(tagName).setOwnerId(ownerId)
                .setHeartbeatInterval(heartbeat.toMillis()).build(), ReservationResult.class);
    }

    /** True if {@code ownerId} held it; releasing a missing reservation is not an error. */
    public CompletableFuture<Boolean> releaseReservation(DatasetId dataset, String tagName, String ownerId) {
        return call(ReleaseReservation.newBuilder().setDataset(dataset).setTagName(tagName).setOwnerId(ownerId).build(),
                Done.class).thenApply(Done::getChanged);
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private CompletableFuture<Artifact> artifact(SpecificRecord body) {
        return call(body, ArtifactResult.class).thenApply(ArtifactResult::getArtifact);
    }

    private <T> CompletableFuture<T> call(SpecificRecord body, Class<T> resultType) {
        CatalogRequest request = CatalogRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setBody(body).build();
        return request(request, timeout).thenApply(reply -> result(reply, resultType));
    }

    private static <T> T result(CatalogReply reply, Class<T> type) {
        Object body = reply.getBody();
        if (body instanceof Error error) {
            throw new RequestFailed(error.getCode(), error.getMessage());
        }
        if (!type.isInstance(body)) {
            throw new IllegalStateException("expected a " + type.getSimpleName() + " reply to request "
                    + reply.getRequestId() + ", got a " + body.getClass().getSimpleName());
        }
        return type.cast(body);
    }

    /** The record key of a request body: its dataset's key (ListDatasets: the project filter, or ""). */
    static String keyOf(Object body) {
        if (body instanceof CreateDataset create) {
            return DatasetKeys.of(create.getDataset().getId());
        }
        if (body instanceof ListDatasets list) {
            return list.getProject() == null ? "" : list.getProject();
        }
        // every other command and query names its dataset in a field called "dataset"
        SpecificRecord record = (SpecificRecord) body;
        return DatasetKeys.of((DatasetId) record.get(record.getSchema().getField("dataset").pos()));
    }

    /** Decodes a reply and keeps the position its headers carry. */
    private record PositionedReplies(Deserializer<CatalogReply> replies) implements Deserializer<Written<CatalogReply>> {

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            replies.configure(configs, isKey);
        }

        @Override
        public Written<CatalogReply> deserialize(String topic, byte[] data) {
            return new Written<>(replies.deserialize(topic, data), Optional.empty());
        }

        @Override
        public Written<CatalogReply> deserialize(String topic, Headers headers, byte[] data) {
            return new Written<>(replies.deserialize(topic, headers, data), CommandPosition.of(headers));
        }
    }

    private static Long millis(Duration duration) {
        return duration == null ? null : duration.toMillis();
    }

    @Override
    public void close() {
        transport.close();
    }
}
