package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import io.dataproxy.serde.AvroWireSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the catalog's topics and stores: Confluent wire-format Avro, so topics and changelogs
 * evolve through the schema registry (subjects {@code <topic>-value}, changelogs included).
 */
final class CatalogSerdes {

    private final Map<String, ?> config;

    CatalogSerdes(Map<String, ?> config) {
        this.config = config;
    }

    Serde<CatalogReply> replies() {
        return of(CatalogReply.class);
    }

    Serde<CatalogEvent> events() {
        return of(CatalogEvent.class);
    }

    Serde<Dataset> datasets() {
        return of(Dataset.class);
    }

    Serde<Artifact> artifacts() {
        return of(Artifact.class);
    }

    Serde<Reservation> reservations() {
        return of(Reservation.class);
    }

    private <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        return AvroWireSerde.forType(type, config, false);
    }
}
