package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactCreated;
import io.dataproxy.avro.catalog.ArtifactDeleted;
import io.dataproxy.avro.catalog.ArtifactExpired;
import io.dataproxy.avro.catalog.ArtifactUpdated;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.DataReleased;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetCreated;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.Reservation;
import io.dataproxy.avro.catalog.ReservationAcquired;
import io.dataproxy.avro.catalog.ReservationExpired;
import io.dataproxy.avro.catalog.ReservationReleased;
import io.dataproxy.avro.catalog.TagAssigned;
import java.time.Instant;

/** The events of the catalog's change feed, each stamped with the dataset it concerns and when it happened. */
final class CatalogEvents {

    private CatalogEvents() {
    }

    static CatalogEvent of(DatasetId dataset, long at, Object body) {
        return CatalogEvent.newBuilder().setDataset(dataset).setAt(Instant.ofEpochMilli(at)).setBody(body).build();
    }

    static CatalogEvent datasetCreated(Dataset dataset, long at) {
        return of(dataset.getId(), at, DatasetCreated.newBuilder().setDataset(dataset).build());
    }

    static CatalogEvent artifactCreated(Artifact artifact, long at) {
        return of(artifact.getDataset(), at, ArtifactCreated.newBuilder().setArtifact(artifact).build());
    }

    static CatalogEvent artifactUpdated(Artifact artifact, long at) {
        return of(artifact.getDataset(), at, ArtifactUpdated.newBuilder().setArtifact(artifact).build());
    }

    static CatalogEvent tagAssigned(DatasetId dataset, String tagName, String artifactId, long at) {
        return of(dataset, at, TagAssigned.newBuilder().setTagName(tagName).setArtifactId(artifactId).build());
    }

    static CatalogEvent artifactDeleted(Artifact artifact, long at) {
        return of(artifact.getDataset(), at, ArtifactDeleted.newBuilder().setArtifactId(artifact.getArtifactId())
                .setUris(UriReferences.list(artifact)).build());
    }

    static CatalogEvent artifactExpired(Artifact artifact, long at) {
        return of(artifact.getDataset(), at, ArtifactExpired.newBuilder().setArtifactId(artifact.getArtifactId())
                .setUris(UriReferences.list(artifact)).setExpiresAt(artifact.getExpiresAt()).build());
    }

    static CatalogEvent reservationAcquired(Reservation reservation, long at) {
        return of(reservation.getDataset(), at, ReservationAcquired.newBuilder().setReservation(reservation).build());
    }

    static CatalogEvent reservationReleased(Reservation reservation, long at) {
        return of(reservation.getDataset(), at, ReservationReleased.newBuilder().setTagName(reservation.getTagName())
                .setOwnerId(reservation.getOwnerId()).build());
    }

    static CatalogEvent reservationExpired(Reservation reservation, long at) {
        return of(reservation.getDataset(), at, ReservationExpired.newBuilder().setTagName(reservation.getTagName())
                .setOwnerId(reservation.getOwnerId()).build());
    }

    static CatalogEvent dataReleased(DatasetId dataset, String uri, long at) {
        return of(dataset, at, DataReleased.newBuilder().setUri(uri).build());
    }
}
