package io.dataproxy.catalog;

/**
 * A change of the number of live artifacts referencing {@code uri}, made by a write in dataset
 * {@code datasetKey} at {@code at}. Re-keyed by uri through an internal topic so that one task counts each
 * uri across all datasets.
 */
public record UriRefDelta(String uri, String datasetKey, int delta, long at) implements CatalogOutput {
}
