package io.dataproxy.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactCreated;
import io.dataproxy.avro.catalog.ArtifactExpired;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetCreated;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.avro.catalog.ReservationStatus;
import io.dataproxy.avro.catalog.TagAssigned;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.client.ArtifactRef;
import io.dataproxy.client.RequestFailed;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Commands in through the Java client, replies and events out, expiry by the wall-clock punctuator, on a real broker. */
@ExtendWith(DataproxyInfraExtension.class)
class CatalogEndToEndTest {

    private final Infra infra;

    CatalogEndToEndTest(Infra infra) {
        this.infra = infra;
    }

    static DatasetId dataset(String name) {
        return DatasetId.newBuilder().setProject("flytesnacks").setDomain("development")
                .setName("flyte_task-" + name).setVersion("1.0-in-out").build();
    }

    static DataValue uri(String name, String uri) {
        return DataValue.newBuilder().setName(name).setUri(uri).build();
    }

    @Test
    void aCacheLookupByTagAndItsExpiry() {
        try (CatalogHarness catalog = CatalogHarness.start(infra)) {
            DatasetId task = dataset("train");
            catalog.client().createDataset(Dataset.newBuilder().setId(task).build()).join();

            var reservation = catalog.client().getOrExtendReservation(task, "inputs-1", "worker-a", Duration.ofSeconds(5)).join();
            assertThat(reservation.getStatus()).isEqualTo(ReservationStatus.ACQUIRED);
            var other = catalog.client().getOrExtendReservation(task, "inputs-1", "worker-b", Duration.ofSeconds(5)).join();
            assertThat(other.getStatus()).isEqualTo(ReservationStatus.EXISTS);
            assertThat(other.getReservation().getOwnerId()).isEqualTo("worker-a");

            Artifact kept = catalog.client().createArtifact(task, "run-1", List.of(uri("model", "s3://b/outputs/run-1/model")),
                    List.of("inputs-1"), null).join();
            assertThat(kept.getExpiresAt()).isNull();
            Artifact shortLived = catalog.client().createArtifact(task, "run-2", List.of(uri("model", "s3://b/outputs/run-2/model")),
                    List.of("inputs-2"), Duration.ofSeconds(2)).join();
            assertThat(shortLived.getExpiresAt()).isEqualTo(shortLived.getCreatedAt().plusSeconds(2));
            assertThat(catalog.client().releaseReservation(task, "inputs-1", "worker-a").join()).isTrue();

            assertThat(catalog.client().getArtifact(ArtifactRef.byTag(task, "inputs-1")).join().getArtifactId()).isEqualTo("run-1");
            assertThat(catalog.client().getArtifact(ArtifactRef.byTag(task, "inputs-2")).join().getArtifactId()).isEqualTo("run-2");
            assertThat(catalog.client().listArtifacts(ListArtifacts.newBuilder().setDataset(task).build()).join().getArtifacts())
                    .extracting(Artifact::getArtifactId).containsExactly("run-2", "run-1");

            List<CatalogEvent> events = catalog.eventsUntil(seen -> seen.stream().anyMatch(e -> e.getBody() instanceof ArtifactExpired));
            assertThat(events).extracting(e -> e.getBody().getClass().getSimpleName())
                    .contains("DatasetCreated", "ReservationAcquired", "ArtifactCreated", "ReservationReleased", "ArtifactExpired");
            assertThat(events).filteredOn(e -> e.getBody() instanceof DatasetCreated).hasSize(1);
            assertThat(events).filteredOn(e -> e.getBody() instanceof ArtifactCreated).hasSize(2);
            assertThat(events).as("a create's tags come with its ArtifactCreated").noneMatch(e -> e.getBody() instanceof TagAssigned);
            assertThat(events).filteredOn(e -> e.getBody() instanceof ArtifactCreated)
                    .extracting(e -> ((ArtifactCreated) e.getBody()).getArtifact().getTags()).contains(List.of("inputs-1"), List.of("inputs-2"));
            ArtifactExpired expired = (ArtifactExpired) events.stream().map(CatalogEvent::getBody)
                    .filter(ArtifactExpired.class::isInstance).findFirst().orElseThrow();
            assertThat(expired.getArtifactId()).isEqualTo("run-2");
            assertThat(expired.getUris()).containsExactly("s3://b/outputs/run-2/model");

            assertThatThrownBy(() -> catalog.client().getArtifact(ArtifactRef.byTag(task, "inputs-2")).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(RequestFailed.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(catalog.client().getArtifact(ArtifactRef.byTag(task, "inputs-1")).join().getArtifactId()).isEqualTo("run-1");
        }
    }

    @Test
    void errorsComeBackAsCodes() {
        try (CatalogHarness catalog = CatalogHarness.start(infra)) {
            DatasetId task = dataset("errors");
            assertCode(() -> catalog.client().getDataset(task).join(), ErrorCode.NOT_FOUND);
            assertCode(() -> catalog.client().createArtifact(task, "a", List.of(uri("x", "s3://b/x")), List.of(), null).join(),
                    ErrorCode.NOT_FOUND);
            catalog.client().createDataset(Dataset.newBuilder().setId(task).build()).join();
            assertCode(() -> catalog.client().createDataset(Dataset.newBuilder().setId(task).build()).join(), ErrorCode.ALREADY_EXISTS);
            assertCode(() -> catalog.client().createArtifact(task, "a", List.of(), List.of(), null).join(), ErrorCode.INVALID_ARGUMENT);
        }
    }

    static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(RequestFailed.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
