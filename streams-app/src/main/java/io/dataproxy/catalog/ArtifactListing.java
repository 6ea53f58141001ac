package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.ListArtifacts;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * ListArtifacts: newest first, ties by artifact id, read from the listing index ({@link ListingKey}) in that
 * order, so a page costs about {@code limit} steps of the index and {@code limit} artifact reads, however large the
 * dataset. The page token is the position of an index entry; the next page starts strictly after it, so pages
 * cover every artifact once, and artifacts created meanwhile (newer, so before the position) do not shift them.
 *
 * <p>An index entry carries the artifact's {@code expires_at} and partitions ({@link ListingEntry}): an expired
 * artifact (not yet purged) and one the partition filter leaves out are passed over without reading its value.
 * A page passes over at most {@code scanBudget} of them; then it ends with what it found, perhaps nothing, and a
 * token that continues after the last entry it looked at. The work of one page is bounded either way.
 *
 * <p>Reads judge liveness at {@code now}, so an expired artifact is never listed, purged or not.
 */
final class ArtifactListing {

    private final CatalogState state;
    private final ArtifactLookup lookup;
    private final int scanBudget;

    /** @param scanBudget index entries a page may pass over ({@code catalog.list.scanBudget}) */
    ArtifactListing(CatalogState state, int scanBudget) {
        if (scanBudget < 1) {
            throw new IllegalArgumentException("scanBudget must be at least 1, was " + scanBudget);
        }
        this.state = state;
        this.lookup = new ArtifactLookup(state);
        this.scanBudget = scanBudget;
    }

    /**
     * @param room the bytes the reply has for the page (see {@link PageCut}): the page stops before the artifact
     *             that would exceed it, and the token continues from there
     */
    Outcome list(String datasetKey, ListArtifacts query, long now, long room) {
        Arguments.requireLimit(query.getLimit());
        ListingKey after = query.getPageToken() == null || query.getPageToken().isEmpty() ? null
                : position(datasetKey, PageToken.artifactPosition(query.getPageToken()));
        lookup.dataset(datasetKey);
        PageCut<Artifact> cut = new PageCut<>(query.getLimit(), room, a -> "artifact '" + a.getArtifactId() + "'");
        String next;
        if (query.getTagName() != null && !query.getTagName().isEmpty()) {
            next = tagged(datasetKey, query, after, now, cut);
        } else {
            PageScan scan = new PageScan(datasetKey, query.getPartitions(), now, cut);
            state.scanListing(datasetKey, after, scan);
            next = scan.next;
        }
        return Outcome.reply(ArtifactPage.newBuilder().setArtifacts(cut.entries()).setNextPageToken(next).build());
    }

    /** A tag names one artifact: the page is it, when it is live, matches and lies after the token. */
    private String tagged(String datasetKey, ListArtifacts query, ListingKey after, long now, PageCut<Artifact> cut) {
        String id = state.tag(datasetKey, query.getTagName());
        Artifact artifact = id == null ? null : state.artifact(datasetKey, id);
        if (Lifetimes.isLive(artifact, now) && ListingEntry.of(artifact).matches(query.getPartitions())) {
            ListingKey key = ListingKey.of(datasetKey, artifact);
            if (after == null || Arrays.compareUnsigned(key.toBytes(), after.toBytes()) > 0) {
                cut.add(artifact, token(key)); // the first entry of a page: it fits, or this throws
            }
        }
        return null;
    }

    private static ListingKey position(String datasetKey, PageToken.ArtifactPosition position) {
        return new ListingKey(datasetKey, position.createdAt(), position.artifactId());
    }

    private static String token(ListingKey key) {
        return PageToken.ofArtifact(key.createdAt(), key.artifactId());
    }

    /**
     * One page's walk over the index: takes live, matching entries (reading their artifacts) until the page is cut,
     * the dataset ends or the budget of passed-over entries is spent, and leaves the token in {@link #next}.
     */
    private final class PageScan implements BiPredicate<ListingKey, ListingEntry> {

        private final String datasetKey;
        private final Map<String, String> filters;
        private final long now;
        private final PageCut<Artifact> cut;
        private ListingKey lastServed;
        private int passedOver;
        /** The next page's token; {@code null} while the scan runs, and when the dataset ended. */
        String next;

        PageScan(String datasetKey, Map<String, String> filters, long now, PageCut<Artifact> cut) {
            this.datasetKey = datasetKey;
            this.filters = filters;
            this.now = now;
            this.cut = cut;
        }

        @Override
        public boolean test(ListingKey key, ListingEntry entry) {
            if (entry.isLive(now) && entry.matches(filters)) {
                if (cut.full()) {
                    next = token(lastServed); // another artifact follows: the next page starts with it
                    return false;
                }
                Artifact artifact = state.artifact(datasetKey, key.artifactId());
                // the index is kept in step with the artifacts; an entry that is not is passed over, never served
                if (Lifetimes.isLive(artifact, now) && artifact.getCreatedAt().toEpochMilli() == key.createdAt()) {
                    if (!cut.add(artifact, token(key))) {
                        next = token(lastServed); // it did not fit: the next page starts with it
                        return false;
                    }
                    lastServed = key;
                    return true;
                }
            }
            if (++passedOver >= scanBudget) {
                next = token(key); // everything up to here was looked at: continue after it
                return false;
            }
            return true;
        }
    }
}
