package io.dataproxy.catalog;

/**
 * What the command processor forwards; the topology splits it by kind to the reply sink, the events sink
 * and the uri-reference repartition topic.
 */
public sealed interface CatalogOutput permits RoutedReply, PublishedEvent, UriRefDelta {
}
