package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CreateDataset;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetResult;
import java.util.ArrayList;
import java.util.HashMap;

/** CreateDataset and GetDataset. */
final class DatasetRules {

    private final CatalogState state;
    private final ArtifactLookup lookup;

    DatasetRules(CatalogState state) {
        this.state = state;
        this.lookup = new ArtifactLookup(state);
    }

    /** @param bound what the dataset may take, encoded (held to the artifacts' bound) */
    Outcome create(String datasetKey, CreateDataset command, long at, SizeBound bound) {
        Dataset requested = command.getDataset();
        Arguments.requireNoDuplicates(requested.getPartitionKeys(), "partition_keys");
        for (String key : requested.getPartitionKeys()) {
            Arguments.require(key, "partition key");
        }
        if (state.dataset(datasetKey) != null) {
            throw CatalogException.alreadyExists("dataset " + datasetKey + " already exists");
        }
        Dataset dataset = Dataset.newBuilder().setId(requested.getId()).setMetadata(new HashMap<>(requested.getMetadata()))
                .setPartitionKeys(new ArrayList<>(requested.getPartitionKeys())).build();
        bound.require(dataset, "dataset " + datasetKey);
        state.putDataset(datasetKey, dataset);
        return Outcome.reply(result(dataset)).publish(CatalogEvents.datasetCreated(dataset, at));
    }

    Outcome get(String datasetKey) {
        return Outcome.reply(result(lookup.dataset(datasetKey)));
    }

    private static DatasetResult result(Dataset dataset) {
        return DatasetResult.newBuilder().setDataset(dataset).build();
    }
}
