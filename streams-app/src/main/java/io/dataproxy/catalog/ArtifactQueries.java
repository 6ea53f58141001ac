package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.catalog.ListArtifacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * GetArtifact and ListArtifacts. Reads judge liveness at {@code now} (the wall clock), so they never serve an
 * artifact that has expired, whether or not the punctuator has purged it yet.
 */
final class ArtifactQueries {

    /** Newest first; ties by artifact id, so the order is total and a page token is a position in it. */
    static final Comparator<Artifact> NEWEST_FIRST = Comparator
            .comparing((Artifact a) -> a.getCreatedAt().toEpochMilli(), Comparator.reverseOrder())
            .thenComparing(Artifact::getArtifactId);

    private final CatalogState state;
    private final ArtifactLookup lookup;

    ArtifactQueries(CatalogState state) {
        this.state = state;
        this.lookup = new ArtifactLookup(state);
    }

    Outcome get(String datasetKey, GetArtifact query, long now) {
        Arguments.requireArtifactIdOrTag(query.getArtifactId(), query.getTagName());
        Arguments.requireNonNegative(query.getMaxAge(), "max_age");
        lookup.dataset(datasetKey);
        Artifact artifact = lookup.live(datasetKey, lookup.artifactId(datasetKey, query.getArtifactId(), query.getTagName()), now);
        if (query.getMaxAge() != null) {
            long age = now - dataWrittenAt(artifact);
            if (age > query.getMaxAge()) {
                throw CatalogException.notFound("artifact '" + artifact.getArtifactId() + "' in dataset " + datasetKey
                        + " is older than max_age " + Duration.ofMillis(query.getMaxAge()) + ": its data was written "
                        + Duration.ofMillis(age) + " ago");
            }
        }
        return Outcome.reply(TagRules.result(artifact));
    }

    /** When the artifact's data was last written (created or updated): what {@code max_age} counts from. */
    static long dataWrittenAt(Artifact artifact) {
        return (artifact.getDataWrittenAt() != null ? artifact.getDataWrittenAt() : artifact.getCreatedAt()).toEpochMilli();
    }

    /**
     * @param room the bytes the reply has for the page (see {@link PageCut}): the page stops before the artifact
     *             that would exceed it, and the token continues from there
     */
    Outcome list(String datasetKey, ListArtifacts query, long now, long room) {
        Arguments.requireLimit(query.getLimit());
        PageToken.ArtifactPosition after = query.getPageToken() == null || query.getPageToken().isEmpty()
                ? null : PageToken.artifactPosition(query.getPageToken());
        lookup.dataset(datasetKey);
        List<Artifact> matching = new ArrayList<>();
        for (Artifact artifact : candidates(datasetKey, query.getTagName())) {
            if (Lifetimes.isLive(artifact, now) && hasPartitions(artifact, query.getPartitions()) && isAfter(artifact, after)) {
                matching.add(artifact);
            }
        }
        matching.sort(NEWEST_FIRST);
        PageCut.Page<Artifact> page = PageCut.of(matching, query.getLimit(), room, ArtifactQueries::tokenAfter,
                a -> "artifact '" + a.getArtifactId() + "'");
        List<Artifact> artifacts = page.entries();
        String next = page.more() ? tokenAfter(artifacts.get(artifacts.size() - 1)) : null;
        return Outcome.reply(ArtifactPage.newBuilder().setArtifacts(artifacts).setNextPageToken(next).build());
    }

    private static String tokenAfter(Artifact artifact) {
        return PageToken.ofArtifact(artifact.getCreatedAt().toEpochMilli(), artifact.getArtifactId());
    }

    private List<Artifact> candidates(String datasetKey, String tagName) {
        if (tagName == null || tagName.isEmpty()) {
            return state.artifacts(datasetKey);
        }
        String id = state.tag(datasetKey, tagName);
        Artifact tagged = id == null ? null : state.artifact(datasetKey, id);
        return tagged == null ? List.of() : List.of(tagged);
    }

    private static boolean hasPartitions(Artifact artifact, Map<String, String> filters) {
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            if (!filter.getValue().equals(artifact.getPartitions().get(filter.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAfter(Artifact artifact, PageToken.ArtifactPosition after) {
        if (after == null) {
            return true;
        }
        long created = artifact.getCreatedAt().toEpochMilli();
        if (created != after.createdAt()) {
            return created < after.createdAt();
        }
        return artifact.getArtifactId().compareTo(after.artifactId()) > 0;
    }
}
