package io.dataproxy.storage.gcs;

import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.ObjectStorageProvider;
import io.dataproxy.storage.StorageConfig;

/** {@code storage.type: gcs}, found by {@link ObjectStorage#open}. */
public final class GcsStorageProvider implements ObjectStorageProvider {

    @Override
    public StorageConfig.Type type() {
        return StorageConfig.Type.GCS;
    }

    @Override
    public ObjectStorage open(StorageConfig config) {
        return GcsStorage.open(config);
    }
}
