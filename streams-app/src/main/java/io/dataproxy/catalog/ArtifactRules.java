package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.CreateArtifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DeleteArtifact;
import io.dataproxy.avro.catalog.Done;
import io.dataproxy.avro.catalog.UpdateArtifact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * CreateArtifact, UpdateArtifact and DeleteArtifact. Liveness is judged at the command's append time, so
 * replaying the commands decides the same way. Every check runs before the first write.
 */
final class ArtifactRules {

    private final CatalogState state;
    private final long maxInlineBytes;
    private final ArtifactLookup lookup;
    private final ArtifactWrites writes;
    private final TagRules tags;

    ArtifactRules(CatalogState state, long maxInlineBytes) {
        this.state = state;
        this.maxInlineBytes = maxInlineBytes;
        this.lookup = new ArtifactLookup(state);
        this.writes = new ArtifactWrites(state);
        this.tags = new TagRules(state);
    }

    /** @param bound what the artifact may take, encoded (checked before anything is written) */
    Outcome create(String datasetKey, CreateArtifact command, long at, SizeBound bound) {
        String id = command.getArtifactId();
        Arguments.requireId(id, "artifact_id");
        Arguments.requireData(command.getData(), maxInlineBytes);
        Arguments.requirePositive(command.getTtl(), "ttl");
        Set<String> tagNames = new LinkedHashSet<>(command.getTags());
        for (String tag : tagNames) {
            Arguments.requireId(tag, "tag name");
        }
        Dataset dataset = lookup.dataset(datasetKey);
        requirePartitionKeys(dataset, command.getPartitions());
        Artifact existing = state.artifact(datasetKey, id);
        if (Lifetimes.isLive(existing, at)) {
            throw CatalogException.alreadyExists("artifact '" + id + "' already exists in dataset " + datasetKey);
        }
        Map<String, String> holders = new HashMap<>();
        for (String tag : tagNames) {
            holders.put(tag, tags.requireAssignable(datasetKey, tag, id, at));
        }

        Artifact created = Artifact.newBuilder()
                .setDataset(dataset.getId())
                .setArtifactId(id)
                .setData(new ArrayList<>(command.getData()))
                .setMetadata(new HashMap<>(command.getMetadata()))
                .setPartitions(new HashMap<>(command.getPartitions()))
                .setTags(new ArrayList<>(tagNames))
                .setCreatedAt(Instant.ofEpochMilli(at))
                .setDataWrittenAt(Instant.ofEpochMilli(at))
                .setExpiresAt(Lifetimes.expiresAt(at, command.getTtl()))
                .build();
        bound.require(created, "artifact '" + id + "'");
        Outcome outcome = Outcome.reply(TagRules.result(created));
        if (existing != null) {
            // an expired artifact that the punctuator has not purged yet: it ends here, as a purge would end it
            writes.remove(datasetKey, existing);
            outcome.publish(CatalogEvents.artifactExpired(existing, at));
        }
        writes.save(datasetKey, null, created);
        for (String tag : tagNames) {
            tags.assign(datasetKey, tag, id, holders.get(tag));
        }
        // One event: its artifact's tags now name it, each taken off whatever artifact held it (docs/catalog.md,
        // "Events and their times"), so a TagAssigned per tag would only repeat what ArtifactCreated says.
        outcome.publish(CatalogEvents.artifactCreated(created, at));
        return outcome.references(datasetKey, UriReferences.change(existing, created), at);
    }

    Outcome update(String datasetKey, UpdateArtifact command, long at, SizeBound bound) {
        Arguments.requireArtifactIdOrTag(command.getArtifactId(), command.getTagName());
        Arguments.requireData(command.getData(), maxInlineBytes);
        Arguments.requirePositive(command.getTtl(), "ttl");
        Artifact current = lookup.live(datasetKey, command.getArtifactId(), command.getTagName(), at);
        Artifact updated = Artifact.newBuilder(current)
                .setData(new ArrayList<>(command.getData()))
                .setMetadata(new HashMap<>(command.getMetadata()))
                .setDataWrittenAt(Instant.ofEpochMilli(at)) // max_age counts from here: the data is as fresh as this write
                .setExpiresAt(Lifetimes.expiresAt(at, command.getTtl()))
                .build();
        bound.require(updated, "artifact '" + updated.getArtifactId() + "'");
        writes.save(datasetKey, current, updated);
        return Outcome.reply(TagRules.result(updated))
                .publish(CatalogEvents.artifactUpdated(updated, at))
                .references(datasetKey, UriReferences.change(current, updated), at);
    }

    /** Idempotent: a missing artifact (or tag, or dataset) is {@code Done{changed=false}}. */
    Outcome delete(String datasetKey, DeleteArtifact command, long at) {
        Arguments.requireArtifactIdOrTag(command.getArtifactId(), command.getTagName());
        String id = command.getArtifactId() != null && !command.getArtifactId().isEmpty()
                ? command.getArtifactId() : state.tag(datasetKey, command.getTagName());
        Artifact artifact = id == null ? null : state.artifact(datasetKey, id);
        if (artifact == null) {
            return Outcome.reply(Done.newBuilder().setChanged(false).build());
        }
        writes.remove(datasetKey, artifact);
        return Outcome.reply(Done.newBuilder().setChanged(true).build())
                .publish(CatalogEvents.artifactDeleted(artifact, at))
                .references(datasetKey, UriReferences.change(artifact, null), at);
    }

    private static void requirePartitionKeys(Dataset dataset, Map<String, String> partitions) {
        Set<String> expected = new TreeSet<>(dataset.getPartitionKeys());
        Set<String> given = new TreeSet<>(partitions.keySet());
        if (!expected.equals(given)) {
            throw CatalogException.invalid("partition keys " + given + " do not equal the dataset's " + expected);
        }
    }
}
