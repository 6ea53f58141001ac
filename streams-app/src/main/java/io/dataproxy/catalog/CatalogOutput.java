package io.dataproxy.catalog;

/**
 * What the command processor forwards; the topology splits it by kind to the reply sink, the events sink,
 * the uri-reference repartition topic and the dead-letter topic.
 */
public sealed interface CatalogOutput permits RoutedReply, PublishedEvent, UriRefDelta, DeadLetterOutput {
}
