package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.AddTag;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.CreateArtifact;
import io.dataproxy.avro.catalog.CreateDataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.DeleteArtifact;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.catalog.GetDataset;
import io.dataproxy.avro.catalog.GetOrExtendReservation;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.avro.catalog.ListDatasets;
import io.dataproxy.avro.catalog.ReleaseReservation;
import io.dataproxy.avro.catalog.UpdateArtifact;
import io.dataproxy.wire.DatasetKeys;

/**
 * The catalog's rules for one request, without Kafka: hands each command or query to the rules of its kind
 * and turns a refusal into an {@code Error} reply. Commands judge liveness at their append time, the time the
 * broker stamped on the command (so a replay decides the same way, and no client's clock decides); queries at
 * {@code now}, which the processor makes the later of that time and the catalog's clock.
 */
public final class Catalog {

    private final DatasetRules datasets;
    private final ArtifactRules artifacts;
    private final TagRules tags;
    private final Reservations reservations;
    private final ArtifactQueries artifactQueries;
    private final ArtifactListing artifactListing;
    private final DatasetListing datasetListing;
    private final SizeBound maxStored;

    /** For {@link #handle(String, CatalogRequest, long, long)}: the reply's room is not the limit. */
    static final SizeBound ANY_ROOM = new SizeBound(Long.MAX_VALUE, "no reply limit");

    public Catalog(CatalogState state, DatasetDirectory directory, CatalogSettings settings) {
        this.maxStored = new SizeBound(settings.maxArtifactBytes(), "catalog.artifact.maxBytes");
        this.datasets = new DatasetRules(state);
        this.artifacts = new ArtifactRules(state, settings.maxInlineBytes());
        this.tags = new TagRules(state);
        this.reservations = new Reservations(state, settings.maxHeartbeat(), settings.gracePeriodMultiplier());
        this.artifactQueries = new ArtifactQueries(state);
        this.artifactListing = new ArtifactListing(state, settings.listScanBudget());
        this.datasetListing = new DatasetListing(directory);
    }

    /**
     * @param key the record key, which must be the dataset's key (everything about a dataset lives in the
     *            partition of that key); ListDatasets, which spans datasets, may have any key
     * @param at  the command's append time: the record timestamp the broker stamped ({@code LogAppendTime}); the
     *            request's {@code event_time} is ignored
     * @param now the time reads judge liveness and age at
     */
    public Outcome handle(String key, CatalogRequest request, long at, long now) {
        return handle(key, request, at, now, ANY_ROOM);
    }

    /**
     * @param room what the reply has for its result: a write stores nothing larger (nor larger than
     *             {@code catalog.artifact.maxBytes}), a listing cuts its page to it
     */
    Outcome handle(String key, CatalogRequest request, long at, long now, SizeBound room) {
        try {
            return dispatch(key, request.getBody(), at, now, room);
        } catch (CatalogException e) {
            return Outcome.reply(e.toError());
        }
    }

    /** True for the requests that change the catalog; the others only read it. */
    public static boolean writes(Object body) {
        return body instanceof CreateDataset || body instanceof CreateArtifact || body instanceof AddTag
                || body instanceof UpdateArtifact || body instanceof DeleteArtifact || body instanceof GetOrExtendReservation
                || body instanceof ReleaseReservation;
    }

    private Outcome dispatch(String key, Object body, long at, long now, SizeBound room) {
        SizeBound stored = maxStored.min(room);
        if (body instanceof CreateDataset c) {
            return datasets.create(datasetKey(key, c.getDataset() == null ? null : c.getDataset().getId()), c, at, stored);
        } else if (body instanceof CreateArtifact c) {
            return artifacts.create(datasetKey(key, c.getDataset()), c, at, stored);
        } else if (body instanceof AddTag c) {
            return tags.addTag(datasetKey(key, c.getDataset()), c, at, stored);
        } else if (body instanceof UpdateArtifact c) {
            return artifacts.update(datasetKey(key, c.getDataset()), c, at, stored);
        } else if (body instanceof DeleteArtifact c) {
            return artifacts.delete(datasetKey(key, c.getDataset()), c, at);
        } else if (body instanceof GetOrExtendReservation c) {
            return reservations.getOrExtend(datasetKey(key, c.getDataset()), c, at, stored);
        } else if (body instanceof ReleaseReservation c) {
            return reservations.release(datasetKey(key, c.getDataset()), c, at);
        } else if (body instanceof GetDataset q) {
            return datasets.get(datasetKey(key, q.getDataset()));
        } else if (body instanceof GetArtifact q) {
            return artifactQueries.get(datasetKey(key, q.getDataset()), q, now);
        } else if (body instanceof ListArtifacts q) {
            return artifactListing.list(datasetKey(key, q.getDataset()), q, now, room.bytes());
        } else if (body instanceof ListDatasets q) {
            return datasetListing.list(q, room.bytes());
        }
        throw CatalogException.invalid("unknown request body " + (body == null ? "null" : body.getClass().getSimpleName()));
    }

    /** The dataset's key, after checking the id is complete and the record was keyed by it. */
    private static String datasetKey(String recordKey, DatasetId id) {
        Arguments.requireDatasetId(id);
        String datasetKey = DatasetKeys.of(id);
        if (!datasetKey.equals(recordKey)) {
            throw CatalogException.invalid("the record key must be the dataset's key '" + datasetKey + "', was '" + recordKey
                    + "' (everything about a dataset lives in the partition of its key)");
        }
        return datasetKey;
    }
}
