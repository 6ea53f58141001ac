package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.OTHER_DS;
import static io.dataproxy.catalog.Requests.addTag;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.deleteArtifact;
import static io.dataproxy.catalog.Requests.release;
import static io.dataproxy.catalog.Requests.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tag, expiry and listing indexes are derived: what the rules keep in step, write by write, is exactly what
 * {@link DerivedIndexes#rebuild} builds from the artifacts and reservations alone, and a rebuild leaves nothing of an
 * older state behind.
 */
class DerivedIndexesTest extends RulesFixture {

    private final ExpiryPurge purge = new ExpiryPurge(state, SETTINGS.expiryMaxPerTick());

    @Test
    void whatTheRulesKeepEqualsARebuildFromTheArtifactsAndReservations() {
        handle(createDataset(DS, "region"));
        handle(createDataset(OTHER_DS));
        handle(artifact(DS, "a").partition("region", "eu").uri("o", "s3://b/a").tag("t").ttl(Duration.ofSeconds(5)).create());
        handle(artifact(DS, "b").partition("region", "us").uri("o", "s3://b/b").create());
        handle(artifact(DS, "c").partition("region", "eu").uri("o", "s3://b/c").ttl(Duration.ofHours(1)).create());
        handle(artifact(OTHER_DS, "a").uri("o", "s3://b/oa").ttl(Duration.ofMinutes(1)).create());
        handle(artifact(DS, "c").inline("v", 3).ttl(Duration.ofMinutes(2)).update()); // moves its expiry entry
        handle(artifact(DS, "b").inline("v", 3).ttl(Duration.ofMinutes(3)).update()); // gives it one
        handle(reserve(DS, "r1", "w1", Duration.ofSeconds(10)));
        handle(reserve(DS, "r1", "w1", Duration.ofSeconds(20))); // extended: its entry moves
        handle(reserve(DS, "r2", "w1", Duration.ofSeconds(10)));
        handle(release(DS, "r2", "w1"));
        advance(Duration.ofSeconds(6));
        handle(addTag(DS, "t", "b")); // off the expired "a"
        handle(artifact(OTHER_DS, "a").uri("o", "s3://b/oa2").create()); // not expired: refused, nothing written
        handle(deleteArtifact(OTHER_DS, "a"));
        handle(artifact(DS, "d").partition("region", "eu").uri("o", "s3://b/d").ttl(Duration.ofSeconds(1)).create());
        advance(Duration.ofSeconds(2));
        assertThat(purge.tick(now).events()).as("the purge of a and d").hasSize(2);
        handle(artifact(DS, "a").partition("region", "us").uri("o", "s3://b/a2").ttl(Duration.ofSeconds(30)).create());

        List<ExpiryKey> expiries = state.expiryKeys();
        List<String> listings = state.listingEntries();
        Map<String, String> tags = state.tags();
        assertThat(expiries).as("a, b, c and the reservation r1").hasSize(4);
        assertThat(listings).hasSize(3).isEqualTo(state.listingExpected());
        assertThat(tags).as("t moved to b").containsExactly(Map.entry(StoreKeys.of(DatasetKeys.of(DS), "t"), "b"));

        DerivedIndexes.Rebuilt rebuilt = state.rebuildIndexes();

        assertThat(state.expiryKeys()).isEqualTo(expiries);
        assertThat(state.listingEntries()).isEqualTo(listings);
        assertThat(state.tags()).isEqualTo(tags);
        assertThat(rebuilt.artifacts()).isEqualTo(3);
        assertThat(rebuilt.reservations()).isEqualTo(1);
        assertThat(rebuilt.cleared()).as("what the rules had written").isEqualTo(8);
    }

    @Test
    void aRebuildDropsEntriesOfAnOlderStateAndBuildsTheMissingOnes() {
        handle(createDataset(DS));
        handle(artifact(DS, "kept").uri("o", "s3://b/k").ttl(Duration.ofMinutes(1)).create());
        List<ExpiryKey> expiries = state.expiryKeys();
        List<String> listings = state.listingEntries();
        String dk = DatasetKeys.of(DS);
        // as after a clean stop, when the task then ran elsewhere and deleted "gone" and changed "kept"'s expiry
        state.putExpiry(ExpiryKey.artifact(now + 1, StoreKeys.of(dk, "gone")));
        state.putExpiry(ExpiryKey.artifact(now + 2, StoreKeys.of(dk, "kept")));
        state.putListing(new ListingKey(dk, now - 5, "gone"), new ListingEntry(null, Map.of()));
        state.deleteListing(ListingKey.of(dk, state.artifact(dk, "kept")));
        state.putTag(dk, "latest", "gone");

        DerivedIndexes.Rebuilt rebuilt = state.rebuildIndexes();

        assertThat(state.expiryKeys()).isEqualTo(expiries);
        assertThat(state.listingEntries()).isEqualTo(listings).hasSize(1);
        assertThat(state.tags()).isEmpty();
        assertThat(rebuilt.cleared()).isEqualTo(5);
    }

    @Test
    void emptyStoresGiveEmptyIndexes() {
        DerivedIndexes.Rebuilt rebuilt = state.rebuildIndexes();
        assertThat(rebuilt).isEqualTo(new DerivedIndexes.Rebuilt(0, 0, 0, rebuilt.millis()));
        assertThat(state.expiryKeys()).isEmpty();
        assertThat(state.listingEntries()).isEmpty();
        assertThat(state.tags()).isEmpty();
    }

    /** One expired artifact loses two tags to one create: each is taken off it, so no artifact still lists them. */
    @Test
    void tagsTakenOffOneArtifactByOneCreateAreTakenOffItAll() {
        handle(createDataset(DS));
        handle(artifact(DS, "old").inline("v", 3).tag("t1").tag("t2").tag("t3").ttl(Duration.ofSeconds(1)).create());
        advance(Duration.ofSeconds(2));

        assertThat(codeOf(handle(artifact(DS, "new").inline("v", 3).tag("t1").tag("t2").create()))).isNull();

        String dk = DatasetKeys.of(DS);
        assertThat(state.artifact(dk, "old").getTags()).containsExactly("t3");
        assertThat(state.artifact(dk, "new").getTags()).containsExactly("t1", "t2");
        Map<String, String> tags = state.tags();
        state.rebuildIndexes();
        assertThat(state.tags()).isEqualTo(tags).containsOnly(Map.entry(StoreKeys.of(dk, "t1"), "new"),
                Map.entry(StoreKeys.of(dk, "t2"), "new"), Map.entry(StoreKeys.of(dk, "t3"), "old"));
    }

    /**
     * Tags moved every way the rules allow (creates with several tags, AddTag off expired and deleted artifacts, an
     * expired id created again, deletes by tag, purges), in a seeded random order: after every command the tag index
     * is what a rebuild from the artifacts alone makes of it.
     */
    @Test
    void theTagIndexIsWhatTheArtifactsListAfterEveryCommand() {
        handle(createDataset(DS));
        handle(createDataset(OTHER_DS));
        java.util.Random random = new java.util.Random(13);
        List<String> ids = List.of("a", "b", "c", "d");
        List<String> tagNames = List.of("t1", "t2", "t3");
        int accepted = 0;
        for (int step = 0; step < 400; step++) {
            var dataset = random.nextInt(4) == 0 ? OTHER_DS : DS;
            String id = ids.get(random.nextInt(ids.size()));
            String tag = tagNames.get(random.nextInt(tagNames.size()));
            Outcome outcome = switch (random.nextInt(6)) {
                case 0, 1 -> {
                    Requests.ArtifactSpec spec = artifact(dataset, id).inline("v", 3).ttl(Duration.ofSeconds(1 + random.nextInt(5)));
                    for (String t : tagNames) {
                        if (random.nextBoolean()) {
                            spec = spec.tag(t);
                        }
                    }
                    yield handle(spec.create());
                }
                case 2 -> handle(addTag(dataset, tag, id));
                case 3 -> handle(random.nextBoolean() ? deleteArtifact(dataset, id) : Requests.deleteTagged(dataset, tag));
                case 4 -> {
                    advance(Duration.ofMillis(500 + random.nextInt(2_000)));
                    yield purge.tick(now);
                }
                default -> handle(artifact(dataset, id).inline("v", 3).ttl(Duration.ofSeconds(3)).update());
            };
            if (codeOf(outcome) == null) {
                accepted++;
            }
            Map<String, String> kept = state.tags();
            state.rebuildIndexes();
            assertThat(state.tags()).as("after step %d", step).isEqualTo(kept);
        }
        assertThat(accepted).as("commands that changed something").isGreaterThan(150);
    }
}
