package io.dataproxy.formatter;

import io.dataproxy.registry.SchemaRegistryClients;
import java.io.PrintStream;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.MessageFormatter;

/**
 * Prints records for Kafka's own console consumer as {@code dataproxy tail} does: one JSON line each, the value
 * decoded from the Confluent wire format with its writer schema from the registry, headers readable. What Confluent's
 * Avro formatter does for its tools, for the stock Apache Kafka ones:
 *
 * <pre>
 * CLASSPATH=dataproxy-formatter-console.jar kafka-console-consumer.sh --bootstrap-server localhost:9092 \
 *     --topic catalog.events --from-beginning \
 *     --formatter io.dataproxy.formatter.DataproxyMessageFormatter --formatter-property schema.registry.url=http://localhost:8081
 * </pre>
 *
 * Properties: {@code schema.registry.url} (required), and the registry client's others ({@code basic.auth.*}).
 * A value it cannot decode is printed as base64 with a note; a registry that does not answer stops the consumer.
 */
public final class DataproxyMessageFormatter implements MessageFormatter {

    private RecordLine lines;

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get("schema.registry.url") == null) {
            throw new IllegalArgumentException("the dataproxy formatter needs --formatter-property schema.registry.url=http://...");
        }
        lines = new RecordLine(new WireValueDecoder(SchemaRegistryClients.fromConfig(configs)));
    }

    @Override
    public void writeTo(ConsumerRecord<byte[], byte[]> record, PrintStream output) {
        if (lines == null) {
            configure(Map.of());
        }
        output.println(lines.render(record));
    }
}
