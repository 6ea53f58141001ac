package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.OTHER_DS;
import static io.dataproxy.catalog.Requests.addTag;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.deleteArtifact;
import static io.dataproxy.catalog.Requests.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.DatasetId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Commands decide by their append time (stored in the log), so replaying the command topic rebuilds the same stores, whenever it runs. */
class ReplayTopologyTest {

    private static final List<String> STORES = List.of(CatalogTopology.DATASETS_STORE, CatalogTopology.ARTIFACTS_STORE,
            CatalogTopology.TAGS_STORE, CatalogTopology.RESERVATIONS_STORE, CatalogTopology.EXPIRY_INDEX_STORE,
            CatalogTopology.LISTING_INDEX_STORE);

    private record Command(DatasetId dataset, Object body, Instant appendTime) {
    }

    @Test
    void replayingTheSameCommandsIntoAFreshDriverGivesTheSameStores() {
        Instant t = CatalogDriver.START;
        List<Command> commands = List.of(
                new Command(DS, createDataset(DS), t),
                new Command(OTHER_DS, createDataset(OTHER_DS), t),
                new Command(DS, artifact(DS, "a").uri("o", "s3://b/a").tag("t").ttl(Duration.ofSeconds(10)).create(), t),
                new Command(DS, artifact(DS, "b").uri("o", "s3://b/shared").create(), t.plusSeconds(1)),
                new Command(OTHER_DS, artifact(OTHER_DS, "c").uri("o", "s3://b/shared").ttl(Duration.ofHours(1)).create(), t.plusSeconds(2)),
                // at +5 s "a" is live: the tag stays; at +20 s it has expired: the tag moves and "a" is replaced
                new Command(DS, addTag(DS, "t", "b"), t.plusSeconds(5)),
                new Command(DS, addTag(DS, "t", "b"), t.plusSeconds(20)),
                new Command(DS, artifact(DS, "a").uri("o", "s3://b/a2").ttl(Duration.ofMinutes(5)).create(), t.plusSeconds(21)),
                new Command(DS, artifact(DS, "b").uri("o", "s3://b/b2").ttl(Duration.ofMinutes(1)).update(), t.plusSeconds(22)),
                new Command(DS, reserve(DS, "t2", "w1", Duration.ofSeconds(5)), t.plusSeconds(23)),
                new Command(DS, reserve(DS, "t2", "w2", Duration.ofSeconds(5)), t.plusSeconds(24)),
                new Command(OTHER_DS, deleteArtifact(OTHER_DS, "c"), t.plusSeconds(25)));

        Map<String, Map<Object, Object>> first;
        try (CatalogDriver original = new CatalogDriver(s -> s, t.plusSeconds(30))) {
            first = run(original, commands);
        }
        // the replay runs a day later by the wall clock; no punctuation happens in either driver
        try (CatalogDriver replay = new CatalogDriver(s -> s, t.plus(Duration.ofDays(1)))) {
            Map<String, Map<Object, Object>> second = run(replay, commands);
            assertThat(second).isEqualTo(first);
        }
        assertThat(first.get(CatalogTopology.TAGS_STORE)).as("the replayed decisions did something").hasSize(1);
        assertThat(first.get(CatalogTopology.ARTIFACTS_STORE)).hasSize(2);
        assertThat(first.get(CatalogTopology.EXPIRY_INDEX_STORE)).hasSize(3);
        assertThat(first.get(CatalogTopology.LISTING_INDEX_STORE)).as("one entry per stored artifact").hasSize(2);
        assertThat(first.get(CatalogTopology.URI_REFS_STORE)).as("b/a and b/shared released, pending")
                .containsEntry("s3://b/a", 0L).containsEntry("s3://b/shared", 0L).containsEntry("s3://b/a2", 1L);
    }

    private static Map<String, Map<Object, Object>> run(CatalogDriver driver, List<Command> commands) {
        List<Object> replies = new ArrayList<>();
        for (Command command : commands) {
            replies.add(driver.sendAt(command.dataset(), command.body(), command.appendTime()).getBody());
        }
        Map<String, Map<Object, Object>> stores = new LinkedHashMap<>();
        for (String store : STORES) {
            stores.put(store, driver.store(store));
        }
        // a pending release is due at wall-clock now + grace (the race it waits out is one of arrival, not of
        // event time), so only the reference counts are the commands' to decide
        Map<Object, Object> references = new TreeMap<>();
        driver.uriRefs().forEach((uri, count) -> references.put(uri, count.references()));
        stores.put(CatalogTopology.URI_REFS_STORE, references);
        stores.put("replies", Map.of("all", replies));
        return stores;
    }
}
