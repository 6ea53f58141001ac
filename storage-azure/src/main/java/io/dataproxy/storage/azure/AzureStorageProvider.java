package io.dataproxy.storage.azure;

import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.ObjectStorageProvider;
import io.dataproxy.storage.StorageConfig;

/** {@code storage.type: azure}, found by {@link ObjectStorage#open}. */
public final class AzureStorageProvider implements ObjectStorageProvider {

    @Override
    public StorageConfig.Type type() {
        return StorageConfig.Type.AZURE;
    }

    @Override
    public ObjectStorage open(StorageConfig config) {
        return AzureStorage.open(config);
    }
}
