package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.OTHER_DS;
import static io.dataproxy.catalog.Requests.addTag;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.deleteArtifact;
import static io.dataproxy.catalog.Requests.deleteTagged;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.DatasetId;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The listing index is kept in step with the artifacts by every write and every expiry. */
class ListingIndexTest extends RulesFixture {

    @Test
    void everyWriteAndPurgeKeepsOneEntryPerStoredArtifact() {
        handle(createDataset(DS, "region"));
        handle(createDataset(OTHER_DS, "region"));
        ExpiryPurge purge = new ExpiryPurge(state, 5);
        SplittableRandom random = new SplittableRandom(18);
        int applied = 0;
        int purged = 0;
        for (int step = 0; step < 3_000; step++) {
            DatasetId dataset = random.nextInt(4) == 0 ? OTHER_DS : DS;
            String id = "a" + random.nextInt(25); // few ids: creates meet expired artifacts of the same id and replace them
            Requests.ArtifactSpec spec = artifact(dataset, id).partition("region", random.nextBoolean() ? "eu" : "us")
                    .inline("v", 1 + random.nextInt(3));
            if (random.nextInt(3) > 0) {
                spec.ttl(Duration.ofSeconds(1 + random.nextInt(8)));
            }
            Outcome outcome = switch (random.nextInt(7)) {
                case 0, 1 -> handle(spec.create());
                case 2 -> handle(spec.update()); // a new expires_at, or none
                case 3 -> handle(addTag(dataset, "t" + random.nextInt(5), id)); // may move a tag off another artifact
                case 4 -> handle(random.nextBoolean() ? deleteArtifact(dataset, id) : deleteTagged(dataset, "t" + random.nextInt(5)));
                case 5 -> {
                    advance(Duration.ofMillis(random.nextInt(1_500)));
                    Outcome tick = purge.tick(now);
                    purged += tick.events().size();
                    yield tick;
                }
                default -> handleAt(now - random.nextInt(3_000), spec.create()); // appended late: an older created_at
            };
            if (codeOf(outcome) == null) {
                applied++;
            }
            assertThat(state.listingEntries()).as("after step %d", step).isEqualTo(state.listingExpected());
        }
        assertThat(applied).as("commands that changed something").isGreaterThan(1_000);
        assertThat(purged).as("purge events").isGreaterThan(50);
        assertThat(state.listingEntries()).as("the index is not trivially empty").isNotEmpty();
    }

    @Test
    void onlyWhatAListingJudgesByWritesTheIndex() {
        handle(createDataset(DS, "region"));
        handle(artifact(DS, "a").partition("region", "eu").inline("v", 1).ttl(Duration.ofMinutes(5)).create());
        List<String> created = state.listingEntries();
        assertThat(created).singleElement().asString().contains("expiresAt=" + (T0 + 300_000), "partitions={region=eu}");

        handle(addTag(DS, "t", "a"));
        assertThat(state.listingEntries()).as("a tag is not in the index").isEqualTo(created);

        handle(artifact(DS, "a").inline("v", 2).update());
        assertThat(state.listingEntries()).singleElement().asString().contains("expiresAt=null");
        handle(deleteArtifact(DS, "a"));
        assertThat(state.listingEntries()).isEmpty();
    }
}
