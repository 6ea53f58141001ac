package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.DatasetCreated;
import io.dataproxy.catalog.query.AppliedOffsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The catalog as a Kafka Streams topology.
 *
 * <pre>
 * commands ─► catalog-commands (CommandProcessor: datasets, artifacts, tags, reservations, and the expiry and
 *             │                 listing indexes, unlogged, rebuilt from the artifacts at init; wall-clock expiry punctuator)
 *             ├─ RoutedReply ──► the replies topic, or an allowed kafka_replyTopic (kafka_replyPartition)
 *             ├─ DeadLetterOutput ─► commands-dlt (poison, a forbidden reply topic, no room for a reply)
 *             ├─ CatalogEvent ─► events topic (key: dataset key)
 *             └─ UriRefDelta ──► repartition by uri (catalog-uri-ref-deltas)
 *                                 ─► catalog-uri-refs, catalog-uri-releases (UriRefCounter; wall-clock punctuator
 *                                    publishes a release once its grace period has passed) ─► DataReleased on the events topic
 *             └─ DatasetCreated ─► datasets topic (compacted, key: dataset key, value: Dataset)
 * datasets topic ─► global store catalog-dataset-directory ◄─ read by ListDatasets on every instance
 * </pre>
 *
 * The directory has its own compacted topic rather than reading the events topic, because a global
 * store is restored by copying its source topic's bytes as they are: the source must hold exactly the
 * store's values, and must keep every dataset however long the events topic's retention is.
 *
 * Building is pure: no I/O, nothing started. Serdes are configured from {@link CatalogSettings#serdeConfig()}.
 */
public final class CatalogTopology {

    public static final String DATASETS_STORE = "catalog-datasets";
    public static final String ARTIFACTS_STORE = "catalog-artifacts";
    public static final String TAGS_STORE = "catalog-tags";
    public static final String RESERVATIONS_STORE = "catalog-reservations";
    public static final String EXPIRY_INDEX_STORE = "catalog-expiry-index";
    /** ListArtifacts' index: each dataset's artifacts newest first ({@link ListingKey}). */
    public static final String LISTING_INDEX_STORE = "catalog-listing-index";
    public static final String URI_REFS_STORE = "catalog-uri-refs";
    /** Releases waiting out {@link CatalogSettings#releaseGrace()}, by due time: see {@link UriRefCounter}. */
    public static final String URI_RELEASES_STORE = "catalog-uri-releases";
    /** Global store, fed by the datasets topic; eventually consistent with the writes. */
    public static final String DATASET_DIRECTORY_STORE = "catalog-dataset-directory";

    /** Name of the internal repartition topic: {@code <application.id>-catalog-uri-ref-deltas-repartition}. */
    public static final String URI_REF_DELTAS_REPARTITION = "catalog-uri-ref-deltas";

    public static final String COMMAND_PROCESSOR = "catalog-commands";
    public static final String URI_REF_COUNTER = "catalog-uri-ref-counter";
    public static final String DIRECTORY_UPDATER = "catalog-dataset-directory-updater";

    private CatalogTopology() {
    }

    /** Kafka's default {@code max.message.bytes} of a topic. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

    /** For a topology test: every topic a request names exists, with Kafka's default record limit. */
    public static Topology topology(CatalogSettings settings) {
        return topology(settings, TopicLimits.everyTopic(DEFAULT_MAX_MESSAGE_BYTES));
    }

    /** @param limits whether a topic exists and what it takes: asked before a reply or dead letter is written to it */
    public static Topology topology(CatalogSettings settings, TopicLimits limits) {
        return topology(settings, limits, new AppliedOffsets());
    }

    /** @param applied where the command processors record how far they applied each partition, for the read path */
    public static Topology topology(CatalogSettings settings, TopicLimits limits, AppliedOffsets applied) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, settings, limits, applied);
        return builder.build();
    }

    public static void build(StreamsBuilder builder, CatalogSettings settings, TopicLimits limits) {
        build(builder, settings, limits, new AppliedOffsets());
    }

    public static void build(StreamsBuilder builder, CatalogSettings settings, TopicLimits limits, AppliedOffsets applied) {
        CatalogSerdes serdes = new CatalogSerdes(settings.serdeConfig());
        Serde<CatalogEvent> events = serdes.events();

        builder.addStateStore(CatalogStores.datasets(serdes));
        builder.addStateStore(CatalogStores.artifacts(serdes));
        builder.addStateStore(CatalogStores.tags());
        builder.addStateStore(CatalogStores.reservations(serdes));
        builder.addStateStore(CatalogStores.expiryIndex());
        builder.addStateStore(CatalogStores.listingIndex());
        builder.addStateStore(CatalogStores.uriRefs());
        builder.addStateStore(CatalogStores.uriReleases());
        builder.addGlobalStore(CatalogStores.datasetDirectory(serdes), settings.datasetsTopic(),
                Consumed.with(Serdes.String(), serdes.datasets()).withName("catalog-datasets-source"), DatasetDirectoryUpdater::new);

        KStream<String, CatalogOutput> outputs = builder
                .stream(settings.commandsTopic(), Consumed.with(Serdes.String(), new ReceivedCommandSerde(settings.serdeConfig()))
                        .withName("catalog-commands-source"))
                .process(() -> new CommandProcessor(settings, limits, applied), Named.as(COMMAND_PROCESSOR),
                        DATASETS_STORE, ARTIFACTS_STORE, TAGS_STORE, RESERVATIONS_STORE, EXPIRY_INDEX_STORE,
                        LISTING_INDEX_STORE);

        outputs.split(Named.as("catalog-output-"))
                .branch((key, out) -> out instanceof RoutedReply, Branched.withConsumer(replies -> replies
                        .mapValues(out -> (RoutedReply) out, Named.as("catalog-reply"))
                        .to((key, reply, context) -> reply.topic(), Produced.with(Serdes.String(), new RoutedReplySerde(serdes.replies()))
                                .withStreamPartitioner(new ReplyPartitioner()).withName("catalog-replies-sink")), "replies"))
                .branch((key, out) -> out instanceof PublishedEvent, Branched.withConsumer(published -> {
                    KStream<String, CatalogEvent> catalogEvents = published
                            .mapValues(out -> ((PublishedEvent) out).event(), Named.as("catalog-event"));
                    catalogEvents.to(settings.eventsTopic(), Produced.with(Serdes.String(), events).withName("catalog-events-sink"));
                    catalogEvents
                            .filter((key, event) -> event.getBody() instanceof DatasetCreated, Named.as("catalog-dataset-created"))
                            .mapValues(event -> ((DatasetCreated) event.getBody()).getDataset(), Named.as("catalog-dataset"))
                            .to(settings.datasetsTopic(), Produced.with(Serdes.String(), serdes.datasets()).withName("catalog-datasets-sink"));
                }, "events"))
                .branch((key, out) -> out instanceof UriRefDelta, Branched.withConsumer(deltas -> deltas
                        .mapValues(out -> (UriRefDelta) out, Named.as("catalog-uri-ref-delta"))
                        .repartition(Repartitioned.<String, UriRefDelta>as(URI_REF_DELTAS_REPARTITION)
                                .withKeySerde(Serdes.String()).withValueSerde(new UriRefDeltaSerde()))
                        .process(() -> new UriRefCounter(settings), Named.as(URI_REF_COUNTER), URI_REFS_STORE, URI_RELEASES_STORE)
                        .to(settings.eventsTopic(), Produced.with(Serdes.String(), events).withName("catalog-data-released-sink")),
                        "uri-refs"))
                .branch((key, out) -> out instanceof DeadLetterOutput, Branched.withConsumer(dead -> dead
                        .map((key, out) -> KeyValue.pair(((DeadLetterOutput) out).key(), ((DeadLetterOutput) out).value()),
                                Named.as("catalog-dead-letter"))
                        .to(settings.deadLetterTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withName("catalog-dead-letters-sink")), "dead-letters"))
                .noDefaultBranch();
    }
}
