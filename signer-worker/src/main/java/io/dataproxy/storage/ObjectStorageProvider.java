package io.dataproxy.storage;

import java.util.Locale;

/**
 * A storage backend in a module of its own, so that an image without it does not carry its SDK: the module names
 * its provider in {@code META-INF/services/io.dataproxy.storage.ObjectStorageProvider}.
 */
public interface ObjectStorageProvider {

    /** The {@code storage.type} it serves. */
    StorageConfig.Type type();

    /** A storage for a configuration of {@link #type()}; validated config only, so it fails only on what it cannot reach. */
    ObjectStorage open(StorageConfig config);

    /** The Maven module that provides a backend: {@code storage-azure}, {@code storage-gcs}. */
    static String moduleOf(StorageConfig.Type type) {
        return "storage-" + type.name().toLowerCase(Locale.ROOT);
    }
}
