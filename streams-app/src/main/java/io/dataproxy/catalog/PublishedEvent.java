package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CatalogEvent;

/** An event on its way to the events topic. */
public record PublishedEvent(CatalogEvent event) implements CatalogOutput {
}
