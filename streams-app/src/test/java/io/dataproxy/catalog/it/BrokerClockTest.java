package io.dataproxy.catalog.it;

import static io.dataproxy.catalog.it.CatalogEndToEndTest.dataset;
import static io.dataproxy.catalog.it.CatalogEndToEndTest.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactResult;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CreateArtifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.catalog.GetOrExtendReservation;
import io.dataproxy.avro.catalog.ReservationResult;
import io.dataproxy.avro.catalog.ReservationStatus;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against the real broker: catalog.commands has LogAppendTime, so the broker's clock, not a requester's, decides
 * reservations and TTLs.
 */
@ExtendWith(DataproxyInfraExtension.class)
class BrokerClockTest {

    private final Infra infra;

    BrokerClockTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void aWorkerWhoseClockRuns60sFastDoesNotTakeALiveReservation() throws Exception {
        try (CatalogHarness catalog = CatalogHarness.start(infra);
             SkewedClockRequests fast = new SkewedClockRequests(catalog, Duration.ofSeconds(60))) {
            DatasetId task = dataset("clock");
            catalog.client().createDataset(Dataset.newBuilder().setId(task).build()).join();
            // heartbeat 10 s x grace 3: held for 30 s, so a time 60 s ahead would find it expired
            ReservationResult held = catalog.client().getOrExtendReservation(task, "inputs-1", "owner-a", Duration.ofSeconds(10)).join();
            assertThat(held.getStatus()).isEqualTo(ReservationStatus.ACQUIRED);

            CatalogReply reply = fast.send(task, GetOrExtendReservation.newBuilder().setDataset(task).setTagName("inputs-1")
                    .setOwnerId("owner-b").setHeartbeatInterval(10_000).build());
            assertThat(reply.getBody()).isInstanceOfSatisfying(ReservationResult.class, r -> {
                assertThat(r.getStatus()).isEqualTo(ReservationStatus.EXISTS);
                assertThat(r.getReservation().getOwnerId()).isEqualTo("owner-a");
            });
        }
    }

    @Test
    void anArtifactSentWithATimeAnHourAheadExpiresByTheBrokersClock() throws Exception {
        try (CatalogHarness catalog = CatalogHarness.start(infra);
             SkewedClockRequests ahead = new SkewedClockRequests(catalog, Duration.ofHours(1))) {
            DatasetId task = dataset("clock-ttl");
            catalog.client().createDataset(Dataset.newBuilder().setId(task).build()).join();
            Instant before = Instant.now();
            CatalogReply created = ahead.send(task, CreateArtifact.newBuilder().setDataset(task).setArtifactId("a")
                    .setData(List.of(uri("o", "s3://bucket/a"))).setTtl(3_000L).build());
            Artifact artifact = ((ArtifactResult) created.getBody()).getArtifact();
            assertThat(artifact.getCreatedAt()).as("the broker's time, not the client's").isBetween(before.minusSeconds(5), Instant.now());
            assertThat(artifact.getExpiresAt()).isEqualTo(artifact.getCreatedAt().plusSeconds(3));

            await().atMost(CatalogHarness.TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                CatalogReply got = ahead.send(task, GetArtifact.newBuilder().setDataset(task).setArtifactId("a").build());
                return got.getBody() instanceof Error e && e.getCode() == ErrorCode.NOT_FOUND;
            });
            assertThat(Instant.now()).as("it died about 3 s after it was written, not an hour later")
                    .isBefore(artifact.getCreatedAt().plusSeconds(30));
        }
    }
}
