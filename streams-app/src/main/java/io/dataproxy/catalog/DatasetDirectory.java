package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Dataset;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every dataset, across partitions, in dataset-key order: the view ListDatasets reads. In the topology it is
 * a global store fed by the events topic, so it trails the writes (eventually consistent).
 */
public interface DatasetDirectory {

    /** Up to {@code max} datasets matching {@code filter} with a key after {@code afterKey} ({@code null}: from the start). */
    List<Dataset> list(String afterKey, Predicate<Dataset> filter, int max);
}
