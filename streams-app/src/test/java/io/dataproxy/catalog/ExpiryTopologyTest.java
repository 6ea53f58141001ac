package io.dataproxy.catalog;

import static io.dataproxy.catalog.CatalogDriver.artifact;
import static io.dataproxy.catalog.CatalogDriver.error;
import static io.dataproxy.catalog.CatalogDriver.page;
import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.getArtifact;
import static io.dataproxy.catalog.Requests.getTagged;
import static io.dataproxy.catalog.Requests.listArtifacts;
import static io.dataproxy.catalog.Requests.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.ArtifactExpired;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.DataReleased;
import io.dataproxy.avro.catalog.ReservationExpired;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TTL through Kafka: reads hide expired artifacts at once; the wall-clock punctuator purges them. */
class ExpiryTopologyTest {

    private static final String DK = DatasetKeys.of(DS);

    private final CatalogDriver catalog = new CatalogDriver(CatalogDriver.expiry(Duration.ofSeconds(1), 2));

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void readsMissAnExpiredArtifactBeforeThePunctuatorHasRun() {
        catalog.send(DS, createDataset(DS));
        // created a minute ago (event time) with a 10 s TTL: expired at the wall clock, never purged
        catalog.sendAt(DS, artifact(DS, "a").uri("o", "s3://b/a").tag("t").ttl(Duration.ofSeconds(10)).create(),
                catalog.now().minusSeconds(60));
        catalog.send(DS, artifact(DS, "live").uri("o", "s3://b/live").create());

        assertThat(error(catalog.send(DS, getArtifact(DS, "a"))).getMessage()).contains("expired");
        assertThat(error(catalog.send(DS, getTagged(DS, "t"))).getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(page(catalog.send(DS, listArtifacts(DS).build())).getArtifacts()).extracting(a -> a.getArtifactId())
                .containsExactly("live");
        assertThat(catalog.<String, Object>store(CatalogTopology.ARTIFACTS_STORE)).as("still stored").hasSize(2);
    }

    @Test
    void aPurgeWritesOneTombstonePerEntryItRemoves() {
        catalog.send(DS, createDataset(DS));
        catalog.send(DS, artifact(DS, "a").uri("o", "s3://b/a").tag("t").ttl(Duration.ofSeconds(3)).create());
        var artifacts = catalog.changelog(CatalogTopology.ARTIFACTS_STORE);
        assertThat(catalog.expiryIndex()).hasSize(1);
        assertThat(catalog.<String, String>store(CatalogTopology.TAGS_STORE)).hasSize(1);
        artifacts.readValuesToList();

        catalog.advance(Duration.ofSeconds(5));

        assertThat(catalog.events()).anyMatch(e -> e.getBody() instanceof ArtifactExpired);
        // the indexes have no changelog (they are rebuilt from the artifacts): the purge logs the artifact alone
        assertThat(artifacts.readValuesToList()).containsExactly((byte[]) null);
        assertThat(catalog.expiryIndex()).isEmpty();
        assertThat(catalog.<String, String>store(CatalogTopology.TAGS_STORE)).as("its tag went with it").isEmpty();
    }

    @Test
    void theMissIsAtTheWallClockNotTheAppendTime() {
        catalog.send(DS, createDataset(DS));
        catalog.send(DS, artifact(DS, "a").uri("o", "s3://b/a").ttl(Duration.ofMillis(500)).create());
        assertThat(artifact(catalog.send(DS, getArtifact(DS, "a"))).getArtifactId()).isEqualTo("a");
        catalog.advance(Duration.ofMillis(500)); // not yet a punctuation (interval 1 s)
        assertThat(error(catalog.send(DS, getArtifact(DS, "a"))).getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(catalog.expiryIndex()).hasSize(1);
    }

    @Test
    void anArtifactExpiringBeforeTheLastPurgedOneIsStillPurgedOnTheNextTick() {
        catalog.send(DS, createDataset(DS));
        catalog.send(DS, artifact(DS, "a").uri("o", "s3://b/a").ttl(Duration.ofSeconds(3)).create());
        catalog.send(DS, artifact(DS, "live").uri("o", "s3://b/live").ttl(Duration.ofHours(1)).create());
        catalog.advance(Duration.ofSeconds(5)); // purges "a": the next scans start at its index key
        assertThat(catalog.events()).extracting(e -> e.getBody() instanceof ArtifactExpired x ? x.getArtifactId() : null)
                .contains("a");

        // appended a minute ago (read late), 10 s ttl: its index key sorts before the purged "a"'s
        catalog.sendAt(DS, artifact(DS, "old").uri("o", "s3://b/old").ttl(Duration.ofSeconds(10)).create(),
                catalog.now().minusSeconds(60));
        catalog.events();
        catalog.advance(Duration.ofSeconds(1));

        assertThat(catalog.events()).extracting(e -> e.getBody() instanceof ArtifactExpired x ? x.getArtifactId() : null)
                .contains("old");
        assertThat(catalog.expiryIndex()).extracting(k -> StoreKeys.id(k.storeKey())).containsExactly("live");
    }

    @Test
    void thePunctuatorPurgesPublishesArtifactExpiredAndEmptiesTheIndex() {
        catalog.send(DS, createDataset(DS));
        catalog.send(DS, artifact(DS, "a").uri("o", "s3://b/a").tag("t").ttl(Duration.ofSeconds(3)).create());
        catalog.send(DS, reserve(DS, "t", "w1", Duration.ofSeconds(1)));
        catalog.events();
        assertThat(catalog.expiryIndex()).extracting(ExpiryKey::kind)
                .containsExactlyInAnyOrder(ExpiryKey.Kind.ARTIFACT, ExpiryKey.Kind.RESERVATION);

        catalog.advance(Duration.ofSeconds(5));

        List<CatalogEvent> events = catalog.events();
        assertThat(events).extracting(e -> e.getBody().getClass().getSimpleName())
                .containsExactlyInAnyOrder("ArtifactExpired", "ReservationExpired");
        ArtifactExpired expired = events.stream().map(CatalogEvent::getBody).filter(ArtifactExpired.class::isInstance)
                .map(ArtifactExpired.class::cast).findFirst().orElseThrow();
        assertThat(expired.getArtifactId()).isEqualTo("a");
        assertThat(expired.getUris()).containsExactly("s3://b/a");
        assertThat(events).allSatisfy(e -> assertThat(e.getAt()).isEqualTo(catalog.now()));
        assertThat(events.stream().map(CatalogEvent::getBody).filter(ReservationExpired.class::isInstance)
                .map(b -> ((ReservationExpired) b).getOwnerId())).containsExactly("w1");

        assertThat(catalog.expiryIndex()).isEmpty();
        assertThat(catalog.<String, Object>store(CatalogTopology.ARTIFACTS_STORE)).isEmpty();
        assertThat(catalog.<String, Object>store(CatalogTopology.TAGS_STORE)).isEmpty();
        assertThat(catalog.<String, Object>store(CatalogTopology.RESERVATIONS_STORE)).isEmpty();

        Instant purgedAt = catalog.now();
        catalog.advance(catalog.settings.releaseGrace()); // the data is released once the grace has passed
        assertThat(catalog.events()).singleElement().satisfies(e -> {
            assertThat(e.getBody()).isEqualTo(DataReleased.newBuilder().setUri("s3://b/a").build());
            assertThat(e.getAt()).as("published when the grace has passed").isEqualTo(purgedAt.plus(catalog.settings.releaseGrace()));
        });
    }

    @Test
    void aTickNeverHandlesMoreThanMaxPerTick() {
        catalog.send(DS, createDataset(DS));
        for (int i = 0; i < 5; i++) {
            catalog.send(DS, artifact(DS, "a" + i).inline("v", 1).ttl(Duration.ofMillis(100)).create());
        }
        catalog.events();
        int[] expiredPerTick = new int[3];
        for (int tick = 0; tick < 3; tick++) {
            catalog.advance(Duration.ofSeconds(1));
            expiredPerTick[tick] = catalog.events().size();
        }
        assertThat(expiredPerTick).containsExactly(2, 2, 1);
        assertThat(catalog.expiryIndex()).isEmpty();
    }

    @Test
    void anUpdateThatMovesExpiresAtLeavesNoStaleIndexEntry() {
        catalog.send(DS, createDataset(DS));
        catalog.send(DS, artifact(DS, "a").uri("o", "s3://b/a").ttl(Duration.ofSeconds(2)).create());
        catalog.send(DS, artifact(DS, "a").uri("o", "s3://b/a").ttl(Duration.ofMinutes(10)).update());
        assertThat(catalog.expiryIndex()).containsExactly(
                ExpiryKey.artifact(catalog.now().plus(Duration.ofMinutes(10)).toEpochMilli(), StoreKeys.of(DK, "a")));

        catalog.events();
        catalog.advance(Duration.ofSeconds(5));
        assertThat(catalog.events()).as("nothing purged at the old expiry").isEmpty();
        assertThat(artifact(catalog.send(DS, getArtifact(DS, "a"))).getArtifactId()).isEqualTo("a");

        catalog.send(DS, artifact(DS, "a").uri("o", "s3://b/a").update()); // no ttl: never expires
        assertThat(catalog.expiryIndex()).isEmpty();
    }
}
