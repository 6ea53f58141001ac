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
public final class CatalogSerdes {

    private final Map<String, ?> config;

    public CatalogSerdes(Map<String, ?> config) {
        this.config = config;
    }

    public Serde<CatalogReply> replies() {
        return of(CatalogReply.class);
    }

    public Serde<CatalogEvent> events() {
        return of(CatalogEvent.class);
    }

    public Serde<Dataset> datasets() {
        return of(Dataset.class);
    }

    public Serde<Artifact> artifacts() {
        return of(Artifact.class);
    }

    public Serde<Reservation> reservations() {
        return of(Reservation.class);
    }

    private <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        return AvroWireSerde.forType(type, config, false);
    }
}
