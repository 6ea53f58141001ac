package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.addTag;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.deleteArtifact;
import static io.dataproxy.catalog.Requests.release;
import static io.dataproxy.catalog.Requests.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a command costs in records. A tagged create with a TTL used to write seven records in the command's
 * transaction (reply, ArtifactCreated, a TagAssigned per tag, and the artifacts, tags, expiry index and listing index
 * changelogs); it writes three: the reply, one event, and the artifacts changelog, whatever its number of tags. (The
 * uri reference change and its counter's changelog, one each per data uri, are the same as before.)
 */
class RecordsPerCommandTopologyTest {

    private static final String APP = "catalog-test-";

    private final CatalogDriver catalog = new CatalogDriver(CatalogDriver.expiry(Duration.ofSeconds(1), 100));

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void aTaggedCreateWithATtlWritesAReplyAnEventAndOneChangelogRecord() {
        catalog.send(DS, createDataset(DS));
        written();

        catalog.pipe(DatasetKeys.of(DS), artifact(DS, "a").uri("o", "s3://b/a").tag("t").tag("t2").ttl(Duration.ofHours(1)).create(),
                null, new RecordHeaders());

        Map<String, Integer> records = written();
        assertThat(records).containsExactlyInAnyOrderEntriesOf(Map.of(
                catalog.settings.repliesTopic(), 1,
                catalog.settings.eventsTopic(), 1,
                changelog(CatalogTopology.ARTIFACTS_STORE), 1,
                APP + CatalogTopology.URI_REF_DELTAS_REPARTITION + "-repartition", 1,
                changelog(CatalogTopology.URI_REFS_STORE), 1));
    }

    @Test
    void onlyTheStoresThatHoldTheCatalogHaveChangelogs() {
        catalog.send(DS, createDataset(DS));
        catalog.send(DS, artifact(DS, "a").uri("o", "s3://b/a").tag("t").ttl(Duration.ofSeconds(2)).create());
        catalog.send(DS, artifact(DS, "b").uri("o", "s3://b/b").ttl(Duration.ofHours(1)).create());
        catalog.send(DS, artifact(DS, "b").uri("o", "s3://b/b2").ttl(Duration.ofHours(2)).update());
        catalog.send(DS, addTag(DS, "u", "b"));
        catalog.send(DS, reserve(DS, "r", "w", Duration.ofSeconds(1)));
        catalog.send(DS, reserve(DS, "r2", "w", Duration.ofSeconds(1)));
        catalog.send(DS, release(DS, "r2", "w"));
        catalog.send(DS, deleteArtifact(DS, "b"));
        catalog.advance(Duration.ofSeconds(5)); // purges "a" and the reservation "r"

        assertThat(new TreeSet<>(catalog.driver.producedTopicNames())).filteredOn(topic -> topic.endsWith("-changelog"))
                .containsExactlyInAnyOrder(changelog(CatalogTopology.DATASETS_STORE), changelog(CatalogTopology.ARTIFACTS_STORE),
                        changelog(CatalogTopology.RESERVATIONS_STORE),
                        changelog(CatalogTopology.URI_REFS_STORE), changelog(CatalogTopology.URI_RELEASES_STORE));
        assertThat(catalog.expiryIndex()).as("the index was written all along").isEmpty();
        assertThat(catalog.<Object, Object>store(CatalogTopology.ARTIFACTS_STORE)).isEmpty();
    }

    private static String changelog(String store) {
        return APP + store + "-changelog";
    }

    /** Records written to each topic since the last call (and reads them). */
    private Map<String, Integer> written() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String topic : catalog.driver.producedTopicNames()) {
            int count = catalog.driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList().size();
            if (count > 0) {
                counts.put(topic, count);
            }
        }
        return counts;
    }
}
