package io.dataproxy.catalog;

import static io.dataproxy.catalog.CatalogDriver.artifact;
import static io.dataproxy.catalog.CatalogDriver.code;
import static io.dataproxy.catalog.CatalogDriver.reservation;
import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.catalog.GetOrExtendReservation;
import io.dataproxy.avro.catalog.ReservationStatus;
import io.dataproxy.avro.common.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The catalog's clock is the broker's: a command is judged at its record's timestamp, which catalog.commands has
 * the broker stamp (LogAppendTime; here the driver's record timestamp stands for it). The request's event_time, a
 * client's clock, changes nothing, whether it runs an hour ahead or behind.
 */
class BrokerClockTopologyTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private final CatalogDriver catalog = new CatalogDriver();

    @BeforeEach
    void dataset() {
        catalog.send(DS, createDataset(DS));
        catalog.events();
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    @ParameterizedTest(name = "event_time {0} s from the broker's time")
    @ValueSource(longs = {3600, -3600})
    void aClientsEventTimeChangesNeitherCreatedAtNorExpiry(long skewSeconds) {
        Instant appended = catalog.now();
        Artifact created = artifact(catalog.sendWithEventTime(DS,
                artifact(DS, "a").uri("o", "s3://bucket/a").tag("t").ttl(Duration.ofSeconds(3)).create(),
                appended.plusSeconds(skewSeconds)));
        assertThat(created.getCreatedAt()).isEqualTo(appended);
        assertThat(created.getExpiresAt()).isEqualTo(appended.plusSeconds(3));

        List<TestRecord<String, CatalogEvent>> events = catalog.eventRecords();
        assertThat(events).isNotEmpty().allSatisfy(event -> {
            assertThat(event.value().getAt()).as("events carry the broker's time").isEqualTo(appended);
            assertThat(event.getRecordTime()).isEqualTo(appended);
        });

        assertThat(artifact(catalog.send(DS, get("a", 1_000L)))).as("live, and fresh enough for max_age 1 s").isNotNull();
        catalog.advance(Duration.ofSeconds(2));
        assertThat(code(catalog.send(DS, get("a", 1_000L)))).as("2 s after the write: older than max_age").isEqualTo(ErrorCode.NOT_FOUND);
        catalog.advance(Duration.ofSeconds(2));
        assertThat(code(catalog.send(DS, get("a", null)))).as("expired 3 s after the broker's time").isEqualTo(ErrorCode.NOT_FOUND);
    }

    @ParameterizedTest(name = "event_time {0} s from the broker's time")
    @ValueSource(longs = {60, 3600, -3600})
    void aReservationIsNotTakenByAnOwnerWhoseClockRunsAhead(long skewSeconds) {
        var held = reservation(catalog.send(DS, reserve("owner-a")));
        assertThat(held.getStatus()).isEqualTo(ReservationStatus.ACQUIRED);

        catalog.advance(Duration.ofSeconds(5));
        var taken = reservation(catalog.sendWithEventTime(DS, reserve("owner-b"), catalog.now().plusSeconds(skewSeconds)));
        assertThat(taken.getStatus()).isEqualTo(ReservationStatus.EXISTS);
        assertThat(taken.getReservation().getOwnerId()).isEqualTo("owner-a");
    }

    @org.junit.jupiter.api.Test
    void aCommandReadLateIsJudgedAtItsAppendTime() {
        // appended an hour ago, read now (the catalog lagged): created then, so expired for every read now
        Instant appended = catalog.now().minus(HOUR);
        Artifact created = artifact(catalog.sendAt(DS, artifact(DS, "late").uri("o", "s3://bucket/late")
                .ttl(Duration.ofMinutes(1)).create(), appended));
        assertThat(created.getCreatedAt()).isEqualTo(appended);
        assertThat(code(catalog.send(DS, get("late", null)))).isEqualTo(ErrorCode.NOT_FOUND);
    }

    private static GetArtifact get(String id, Long maxAge) {
        return GetArtifact.newBuilder().setDataset(DS).setArtifactId(id).setMaxAge(maxAge).build();
    }

    private static GetOrExtendReservation reserve(String owner) {
        return GetOrExtendReservation.newBuilder().setDataset(DS).setTagName("inputs").setOwnerId(owner)
                .setHeartbeatInterval(Duration.ofSeconds(10).toMillis()).build();
    }
}
