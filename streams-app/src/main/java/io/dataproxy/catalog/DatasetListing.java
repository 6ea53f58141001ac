package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.DatasetPage;
import io.dataproxy.avro.catalog.ListDatasets;
import io.dataproxy.wire.DatasetKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** ListDatasets: exact-match filters on the id fields, in dataset-key order, paged by the last key served. */
final class DatasetListing {

    private final DatasetDirectory directory;

    DatasetListing(DatasetDirectory directory) {
        this.directory = directory;
    }

    Outcome list(ListDatasets query) {
        Arguments.requireLimit(query.getLimit());
        String after = query.getPageToken() == null || query.getPageToken().isEmpty()
                ? null : PageToken.datasetKey(query.getPageToken());
        List<Dataset> found = new ArrayList<>(directory.list(after, matches(query), query.getLimit() + 1));
        boolean more = found.size() > query.getLimit();
        List<Dataset> page = more ? new ArrayList<>(found.subList(0, query.getLimit())) : found;
        String next = more ? PageToken.ofDataset(DatasetKeys.of(page.get(page.size() - 1).getId())) : null;
        return Outcome.reply(DatasetPage.newBuilder().setDatasets(page).setNextPageToken(next).build());
    }

    private static Predicate<Dataset> matches(ListDatasets query) {
        return dataset -> {
            DatasetId id = dataset.getId();
            return matches(query.getOrg(), id.getOrg()) && matches(query.getProject(), id.getProject())
                    && matches(query.getDomain(), id.getDomain()) && matches(query.getName(), id.getName())
                    && matches(query.getVersion(), id.getVersion());
        };
    }

    /** An absent or empty filter matches everything. */
    private static boolean matches(String filter, String value) {
        return filter == null || filter.isEmpty() || filter.equals(value);
    }
}
