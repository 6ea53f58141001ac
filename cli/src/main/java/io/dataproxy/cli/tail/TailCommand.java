package io.dataproxy.cli.tail;

import io.dataproxy.cli.CliCommand;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionOptions;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.KafkaCluster;
import io.dataproxy.formatter.RecordLine;
import io.dataproxy.formatter.WireValueDecoder;
import io.dataproxy.registry.SchemaRegistryClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Prints a topic's records, one JSON line each: topic, partition, offset, timestamp, key, headers, "
                + "schema_id and the value decoded from Avro (Confluent wire format, writer schema from the registry). "
                + "A value that cannot be decoded is shown as value_base64 with a note.",
                "Without --from-beginning it waits for new records (as with --follow); with it, it reads what is there "
                        + "and stops at the end unless --follow. Reads committed records only; joins no consumer group."})
public final class TailCommand extends CliCommand {

    private static final Duration POLL = Duration.ofMillis(200);

    @Parameters(index = "0", paramLabel = "TOPIC", description = "e.g. dataproxy.url.requests, catalog.events, dataproxy.url.requests-dlt")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the earliest record (default: only new records).")
    boolean fromBeginning;

    @Option(names = {"-f", "--follow"}, description = "Keep waiting for new records (Ctrl-C stops).")
    boolean follow;

    @Option(names = {"-n", "--max"}, paramLabel = "N", description = "Stop after printing N records.")
    Long max;

    @Option(names = "--grep", paramLabel = "REGEX", description = "Print only records whose JSON line matches REGEX.")
    Pattern grep;

    @Mixin
    ConnectionOptions connection;

    @Override
    protected int run() {
        ConnectionSettings settings = connection.settings();
        List<TopicPartition> partitions;
        try (KafkaCluster cluster = KafkaCluster.connect(settings)) {
            partitions = cluster.describeTopic(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
        }
        RecordLine lines = new RecordLine(new WireValueDecoder(SchemaRegistryClients.fromConfig(settings.kafkaProps())));
        boolean untilEnd = fromBeginning && !follow;
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(settings)) {
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // read_committed: the end is the last stable offset, so we never wait for records that will not show
            Map<TopicPartition, Long> end = untilEnd ? consumer.endOffsets(partitions) : Map.of();
            while (max == null || printed < max) {
                if (untilEnd && reachedEnd(consumer, end)) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    String line;
                    try {
                        line = lines.render(record);
                    } catch (WireValueDecoder.RegistryUnreachable e) {
                        throw CliFailure.unreachable("cannot reach the schema registry to decode " + topic + ": "
                                + e.getMessage(), "is it running? Set --schema-registry-url or "
                                + ConnectionSettings.ENV_SCHEMA_REGISTRY_URL, e);
                    }
                    if (grep != null && !grep.matcher(line).find()) {
                        continue;
                    }
                    out().println(line);
                    out().flush();
                    if (out().checkError()) {
                        return ExitCodes.OK; // the reader went away (| head): stop like other Unix tools
                    }
                    if (max != null && ++printed >= max) {
                        break;
                    }
                }
            }
        }
        return ExitCodes.OK;
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(ConnectionSettings settings) {
        Map<String, Object> props = new HashMap<>(settings.plainKafkaProps());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "dataproxy-tail");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
