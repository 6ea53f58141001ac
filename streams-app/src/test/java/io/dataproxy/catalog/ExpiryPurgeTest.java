package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.ArtifactExpired;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** maxPerTick is 3 in the fixture's settings. */
class ExpiryPurgeTest extends RulesFixture {

    private static final String DK = DatasetKeys.of(DS);
    private final ExpiryPurge purge = new ExpiryPurge(state, SETTINGS.expiryMaxPerTick());

    @BeforeEach
    void dataset() {
        handle(createDataset(DS));
    }

    @Test
    void purgesWhatIsDueWithItsTagsAndIndexEntry() {
        handle(artifact(DS, "a").uri("o", "s3://b/a").tag("t").ttl(Duration.ofSeconds(5)).create());
        handle(artifact(DS, "keep").uri("o", "s3://b/keep").ttl(Duration.ofMinutes(5)).create());
        assertThat(purge.tick(now + 4_999).events()).as("not due yet").isEmpty();

        Outcome tick = purge.tick(now + 5_000);
        assertThat(eventKinds(tick)).containsExactly("ArtifactExpired");
        CatalogEvent expired = tick.events().get(0);
        assertThat(expired.getAt()).isEqualTo(Instant.ofEpochMilli(now + 5_000));
        assertThat(((ArtifactExpired) expired.getBody()).getUris()).containsExactly("s3://b/a");
        assertThat(((ArtifactExpired) expired.getBody()).getExpiresAt()).isEqualTo(Instant.ofEpochMilli(now + 5_000));
        assertThat(tick.uriRefDeltas()).extracting(UriRefDelta::uri, UriRefDelta::delta)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("s3://b/a", -1));
        assertThat(state.artifact(DK, "a")).isNull();
        assertThat(state.tags()).isEmpty();
        assertThat(state.expiryKeys()).extracting(ExpiryKey::storeKey).containsExactly(StoreKeys.of(DK, "keep"));
    }

    @Test
    void aTickHandlesAtMostMaxPerTickEarliestFirst() {
        for (int i = 0; i < 7; i++) {
            handle(artifact(DS, "a" + i).inline("v", 1).ttl(Duration.ofSeconds(10 - i)).create());
        }
        long later = now + 60_000;
        assertThat(expiredIds(purge.tick(later))).containsExactly("a6", "a5", "a4");
        assertThat(expiredIds(purge.tick(later))).containsExactly("a3", "a2", "a1");
        assertThat(expiredIds(purge.tick(later))).containsExactly("a0");
        assertThat(state.artifacts()).isEmpty();
        assertThat(state.expiryKeys()).isEmpty();
    }

    @Test
    void aStaleIndexEntryIsDroppedWithoutPurging() {
        handle(artifact(DS, "a").inline("v", 1).ttl(Duration.ofSeconds(5)).create());
        // an index entry left behind by a write that did not keep the index in step
        state.putExpiry(ExpiryKey.artifact(now + 1_000, StoreKeys.of(DK, "a")));
        state.putExpiry(ExpiryKey.artifact(now + 1_000, StoreKeys.of(DK, "gone")));
        Outcome tick = purge.tick(now + 2_000);
        assertThat(tick.events()).isEmpty();
        assertThat(state.artifact(DK, "a")).isNotNull();
        assertThat(state.expiryKeys()).containsExactly(ExpiryKey.artifact(now + 5_000, StoreKeys.of(DK, "a")));
    }

    @Test
    void expiresReservations() {
        handle(reserve(DS, "t", "w1", Duration.ofSeconds(1)));
        Outcome tick = purge.tick(now + 3_000);
        assertThat(eventKinds(tick)).containsExactly("ReservationExpired");
        assertThat(state.reservations()).isEmpty();
        assertThat(state.expiryKeys()).isEmpty();
    }

    @Test
    void anUpdatedArtifactIsPurgedAtItsNewExpiryOnly() {
        handle(artifact(DS, "a").inline("v", 1).ttl(Duration.ofSeconds(5)).create());
        handle(artifact(DS, "a").inline("v", 2).ttl(Duration.ofSeconds(50)).update());
        assertThat(state.expiryKeys()).hasSize(1);
        assertThat(purge.tick(now + 10_000).events()).isEmpty();
        assertThat(expiredIds(purge.tick(now + 50_000))).containsExactly("a");
    }

    private static java.util.List<String> expiredIds(Outcome tick) {
        return tick.events().stream().map(e -> ((ArtifactExpired) e.getBody()).getArtifactId()).toList();
    }
}
