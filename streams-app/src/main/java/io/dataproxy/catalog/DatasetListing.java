package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.DatasetPage;
import io.dataproxy.avro.catalog.ListDatasets;
import io.dataproxy.wire.DatasetKeys;
import java.util.List;
import java.util.function.Predicate;

/** ListDatasets: exact-match filters on the id fields, in dataset-key order, paged by the last key served. */
final class DatasetListing {

    private final DatasetDirectory directory;

    DatasetListing(DatasetDirectory directory) {
        this.directory = directory;
    }

    /** @param room the bytes the reply has for the page (see {@link PageCut}) */
    Outcome list(ListDatasets query, long room) {
        Arguments.requireLimit(query.getLimit());
        String after = query.getPageToken() == null || query.getPageToken().isEmpty()
                ? null : PageToken.datasetKey(query.getPageToken());
        List<Dataset> found = directory.list(after, matches(query), query.getLimit() + 1);
        PageCut.Page<Dataset> page = PageCut.of(found, query.getLimit(), room, DatasetListing::tokenAfter,
                d -> "dataset " + DatasetKeys.of(d.getId()));
        List<Dataset> datasets = page.entries();
        String next = page.more() ? tokenAfter(datasets.get(datasets.size() - 1)) : null;
        return Outcome.reply(DatasetPage.newBuilder().setDatasets(datasets).setNextPageToken(next).build());
    }

    private static String tokenAfter(Dataset dataset) {
        return PageToken.ofDataset(DatasetKeys.of(dataset.getId()));
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
