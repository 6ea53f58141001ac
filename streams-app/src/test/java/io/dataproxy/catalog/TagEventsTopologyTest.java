package io.dataproxy.catalog;

import static io.dataproxy.catalog.CatalogDriver.artifact;
import static io.dataproxy.catalog.CatalogDriver.code;
import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.OTHER_DS;
import static io.dataproxy.catalog.Requests.addTag;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.deleteArtifact;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.ArtifactCreated;
import io.dataproxy.avro.catalog.ArtifactDeleted;
import io.dataproxy.avro.catalog.ArtifactExpired;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.TagAssigned;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A create publishes one event that carries its tags; AddTag publishes {@code TagAssigned}. A consumer that follows
 * tags from the events alone (the rules documented in docs/catalog.md, "Events and their times") knows which artifact
 * each tag names, exactly as the catalog's own tag store does.
 */
class TagEventsTopologyTest {

    private final CatalogDriver catalog = new CatalogDriver(CatalogDriver.expiry(Duration.ofSeconds(1), 100));
    /** What a consumer of the events knows: store key (dataset key, NUL, tag) → artifact id, like catalog-tags. */
    private final Map<String, String> followed = new TreeMap<>();

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void aCreateWithThreeTagsPublishesOneEventCarryingThem() {
        catalog.send(DS, createDataset(DS));
        catalog.events();

        catalog.send(DS, Requests.artifact(DS, "a").uri("o", "s3://b/a").tag("x").tag("y").tag("z").ttl(Duration.ofHours(1)).create());

        List<CatalogEvent> events = catalog.events();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getBody()).isInstanceOfSatisfying(ArtifactCreated.class,
                created -> assertThat(created.getArtifact().getTags()).containsExactly("x", "y", "z"));
    }

    @Test
    void addTagPublishesTagAssigned() {
        catalog.send(DS, createDataset(DS));
        catalog.send(DS, Requests.artifact(DS, "a").uri("o", "s3://b/a").create());
        catalog.events();

        catalog.send(DS, addTag(DS, "t", "a"));

        List<CatalogEvent> events = catalog.events();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getBody()).isInstanceOfSatisfying(TagAssigned.class, assigned -> {
            assertThat(assigned.getTagName()).isEqualTo("t");
            assertThat(assigned.getArtifactId()).isEqualTo("a");
        });
    }

    @Test
    void aConsumerFollowingTheEventsKnowsTheSameTagsAsTheStore() {
        catalog.send(DS, createDataset(DS));
        catalog.send(OTHER_DS, createDataset(OTHER_DS));
        // appended a minute ago with a 10 s ttl: expired at the wall clock, not purged yet (no tick has run)
        catalog.sendAt(DS, Requests.artifact(DS, "a").uri("o", "s3://b/a").tag("x").tag("y").tag("z")
                .ttl(Duration.ofSeconds(10)).create(), catalog.now().minusSeconds(60));
        catalog.send(OTHER_DS, Requests.artifact(OTHER_DS, "a").uri("o", "s3://b/oa").tag("x").create());
        catalog.send(DS, Requests.artifact(DS, "b").uri("o", "s3://b/b").tag("w").create());
        // a create takes "x" off the expired "a" (no TagAssigned: ArtifactCreated says it)
        assertThat(artifact(catalog.send(DS, Requests.artifact(DS, "c").uri("o", "s3://b/c").tag("x").tag("v").create())).getTags())
                .containsExactly("x", "v");
        // AddTag takes "y" off the expired "a"
        catalog.send(DS, addTag(DS, "y", "b"));
        assertThat(code(catalog.send(DS, addTag(DS, "w", "c")))).as("w is on live b").isEqualTo(ErrorCode.ALREADY_EXISTS);
        // an expired, unpurged "e" replaced by a create of the same id: its tag goes, the new one's comes
        catalog.sendAt(DS, Requests.artifact(DS, "e").uri("o", "s3://b/e").tag("q").ttl(Duration.ofSeconds(10)).create(),
                catalog.now().minusSeconds(60));
        catalog.send(DS, Requests.artifact(DS, "e").uri("o", "s3://b/e2").tag("q2").create());
        follow(catalog.events());
        Map<String, String> midway = catalog.store(CatalogTopology.TAGS_STORE);
        assertThat(followed).isEqualTo(midway);
        assertThat(midway).containsEntry(StoreKeys.of(DatasetKeys.of(DS), "x"), "c")
                .containsEntry(StoreKeys.of(DatasetKeys.of(DS), "y"), "b")
                .containsEntry(StoreKeys.of(DatasetKeys.of(DS), "z"), "a")
                .containsEntry(StoreKeys.of(DatasetKeys.of(OTHER_DS), "x"), "a")
                .doesNotContainKey(StoreKeys.of(DatasetKeys.of(DS), "q"));

        catalog.send(DS, deleteArtifact(DS, "b")); // takes w and y with it
        catalog.advance(Duration.ofSeconds(2)); // the tick purges "a" and its "z"
        List<CatalogEvent> events = catalog.events();
        assertThat(events).extracting(e -> e.getBody().getClass().getSimpleName()).contains("ArtifactDeleted", "ArtifactExpired");
        follow(events);
        Map<String, String> after = catalog.store(CatalogTopology.TAGS_STORE);
        assertThat(followed).isEqualTo(after);
        assertThat(after).hasSize(4).doesNotContainKeys(StoreKeys.of(DatasetKeys.of(DS), "w"), StoreKeys.of(DatasetKeys.of(DS), "z"));
    }

    /**
     * The consumer's rules: ArtifactCreated assigns each of its artifact's tags to it; TagAssigned assigns one; an
     * artifact deleted or expired takes the tags that still name it.
     */
    private void follow(List<CatalogEvent> events) {
        for (CatalogEvent event : events) {
            String datasetKey = DatasetKeys.of(event.getDataset());
            if (event.getBody() instanceof ArtifactCreated created) {
                created.getArtifact().getTags().forEach(tag -> followed.put(StoreKeys.of(datasetKey, tag), created.getArtifact().getArtifactId()));
            } else if (event.getBody() instanceof TagAssigned assigned) {
                followed.put(StoreKeys.of(datasetKey, assigned.getTagName()), assigned.getArtifactId());
            } else if (event.getBody() instanceof ArtifactDeleted deleted) {
                untag(datasetKey, deleted.getArtifactId());
            } else if (event.getBody() instanceof ArtifactExpired expired) {
                untag(datasetKey, expired.getArtifactId());
            }
        }
    }

    private void untag(String datasetKey, String artifactId) {
        for (String key : new ArrayList<>(followed.keySet())) {
            if (StoreKeys.datasetKey(key).equals(datasetKey) && followed.get(key).equals(artifactId)) {
                followed.remove(key);
            }
        }
    }
}
