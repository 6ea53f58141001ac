package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.AddTag;
import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Tags: a tag points to one artifact. It moves only off an artifact that is expired (at the command's append
 * time) or gone; a tag on another live artifact is {@code ALREADY_EXISTS}.
 */
final class TagRules {

    private final CatalogState state;
    private final ArtifactLookup lookup;
    private final ArtifactWrites writes;

    TagRules(CatalogState state) {
        this.state = state;
        this.lookup = new ArtifactLookup(state);
        this.writes = new ArtifactWrites(state);
    }

    /** @param bound what the tagged artifact may take, encoded (a tag makes it larger) */
    Outcome addTag(String datasetKey, AddTag command, long at, SizeBound bound) {
        Arguments.requireId(command.getTagName(), "tag_name");
        Arguments.require(command.getArtifactId(), "artifact_id");
        lookup.dataset(datasetKey);
        Artifact artifact = lookup.live(datasetKey, command.getArtifactId(), at);
        String tag = command.getTagName();
        String holder = requireAssignable(datasetKey, tag, artifact.getArtifactId(), at);
        if (artifact.getArtifactId().equals(holder)) {
            return Outcome.reply(result(artifact));
        }
        List<String> tags = new ArrayList<>(artifact.getTags());
        tags.add(tag);
        Artifact tagged = Artifact.newBuilder(artifact).setTags(tags).build();
        bound.require(tagged, "artifact '" + artifact.getArtifactId() + "' with tag '" + tag + "'");
        assign(datasetKey, tag, artifact.getArtifactId(), holder);
        writes.save(datasetKey, artifact, tagged);
        return Outcome.reply(result(tagged))
                .publish(CatalogEvents.tagAssigned(artifact.getDataset(), tag, artifact.getArtifactId(), at));
    }

    /**
     * Refuses ({@code ALREADY_EXISTS}) a tag that another artifact, live at {@code at}, holds.
     *
     * @return the id of the artifact the tag points to now, or {@code null}: what {@link #assign} takes it off
     */
    String requireAssignable(String datasetKey, String tag, String artifactId, long at) {
        String holder = state.tag(datasetKey, tag);
        if (holder != null && !holder.equals(artifactId) && Lifetimes.isLive(state.artifact(datasetKey, holder), at)) {
            throw CatalogException.alreadyExists("tag '" + tag + "' is on live artifact '" + holder + "' of dataset " + datasetKey);
        }
        return holder;
    }

    /**
     * Points the tag at {@code artifactId}, taking it off {@code holder}, the artifact that held it (as
     * {@link #requireAssignable} found it: the tag is read once per command). The holder itself is read here, after
     * the command's earlier writes, since one artifact may lose several of the command's tags. The caller adds the
     * tag to the new artifact's own tag list.
     */
    void assign(String datasetKey, String tag, String artifactId, String holder) {
        if (holder != null && !holder.equals(artifactId)) {
            Artifact previous = state.artifact(datasetKey, holder);
            if (previous != null) {
                List<String> remaining = new ArrayList<>(previous.getTags());
                remaining.remove(tag);
                writes.save(datasetKey, previous, Artifact.newBuilder(previous).setTags(remaining).build());
            }
        }
        state.putTag(datasetKey, tag, artifactId);
    }

    static ArtifactResult result(Artifact artifact) {
        return ArtifactResult.newBuilder().setArtifact(artifact).build();
    }
}
