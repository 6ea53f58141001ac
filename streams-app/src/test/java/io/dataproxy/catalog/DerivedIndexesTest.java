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
 * The expiry and listing indexes are derived: what the rules keep in step, write by write, is exactly what
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
        assertThat(expiries).as("a, b, c and the reservation r1").hasSize(4);
        assertThat(listings).hasSize(3).isEqualTo(state.listingExpected());

        DerivedIndexes.Rebuilt rebuilt = state.rebuildIndexes();

        assertThat(state.expiryKeys()).isEqualTo(expiries);
        assertThat(state.listingEntries()).isEqualTo(listings);
        assertThat(rebuilt.artifacts()).isEqualTo(3);
        assertThat(rebuilt.reservations()).isEqualTo(1);
        assertThat(rebuilt.cleared()).as("what the rules had written").isEqualTo(7);
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

        DerivedIndexes.Rebuilt rebuilt = state.rebuildIndexes();

        assertThat(state.expiryKeys()).isEqualTo(expiries);
        assertThat(state.listingEntries()).isEqualTo(listings).hasSize(1);
        assertThat(rebuilt.cleared()).isEqualTo(4);
    }

    @Test
    void emptyStoresGiveEmptyIndexes() {
        DerivedIndexes.Rebuilt rebuilt = state.rebuildIndexes();
        assertThat(rebuilt).isEqualTo(new DerivedIndexes.Rebuilt(0, 0, 0, rebuilt.millis()));
        assertThat(state.expiryKeys()).isEmpty();
        assertThat(state.listingEntries()).isEmpty();
    }
}
