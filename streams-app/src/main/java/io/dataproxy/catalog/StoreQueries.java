package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CatalogRequest;
import org.apache.avro.specific.SpecificRecord;

/**
 * GetArtifact, ListArtifacts and GetDataset answered by {@link Catalog}'s rules over one partition's stores, read
 * only ({@link ReadOnlyCatalogState}): the read path's answers are the Kafka path's. A page of ListArtifacts is cut
 * to what a reply of the producer's {@code max.request.size} holds beside the largest envelope a request may have,
 * as a reply on the Kafka path is at most, so neither path serves a page the other could not.
 */
public final class StoreQueries {

    /** Queries name no other dataset: ListDatasets, which reads the directory, is not one of them. */
    private static final DatasetDirectory NO_DIRECTORY = (after, filter, max) -> {
        throw new UnsupportedOperationException("ListDatasets is not served from a partition's stores");
    };

    private final Catalog catalog;
    private final SizeBound room;

    public StoreQueries(ReadOnlyCatalogState state, CatalogSettings settings) {
        this.catalog = new Catalog(state, NO_DIRECTORY, settings);
        this.room = new SizeBound(Math.max(1, settings.maxRequestSize() - ReplyBudget.ENVELOPE_BYTES),
                "what a reply of max.request.size holds beside its envelope");
    }

    /**
     * @param now the catalog's clock: liveness and {@code max_age} are judged at it, as on the Kafka path
     * @return the reply body: a result record, or an {@code Error}
     */
    public Object answer(String datasetKey, SpecificRecord query, long now) {
        if (Catalog.writes(query)) {
            throw new IllegalArgumentException("a read, not " + query.getClass().getSimpleName());
        }
        CatalogRequest request = CatalogRequest.newBuilder().setRequestId("").setBody(query).build();
        return catalog.handle(datasetKey, request, now, now, room).replyBody();
    }
}
