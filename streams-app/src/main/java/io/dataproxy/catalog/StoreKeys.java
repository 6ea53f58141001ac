package io.dataproxy.catalog;

/**
 * Keys of the per-dataset stores: the dataset key, {@code \u0000}, then the entry's own id. The dataset key
 * never holds a control character ({@link io.dataproxy.wire.DatasetKeys} escapes them), so the first
 * {@code \u0000} always ends it and {@code datasetKey + "\u0000"} is a prefix that selects exactly one dataset.
 */
public final class StoreKeys {

    static final char SEPARATOR = '\u0000';

    private StoreKeys() {
    }

    /** Key of an artifact, a tag or a reservation (by tag name) of a dataset. */
    public static String of(String datasetKey, String id) {
        return datasetKey + SEPARATOR + id;
    }

    /** The prefix shared by every entry of a dataset. */
    public static String datasetPrefix(String datasetKey) {
        return datasetKey + SEPARATOR;
    }

    public static String datasetKey(String storeKey) {
        return storeKey.substring(0, separatorIndex(storeKey));
    }

    public static String id(String storeKey) {
        return storeKey.substring(separatorIndex(storeKey) + 1);
    }

    private static int separatorIndex(String storeKey) {
        int i = storeKey.indexOf(SEPARATOR);
        if (i < 0) {
            throw new IllegalArgumentException("not a catalog store key (no separator): " + storeKey);
        }
        return i;
    }
}
