package io.dataproxy.catalog;

import static io.dataproxy.catalog.ReplyRoutingTest.text;
import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.createDataset;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.DatasetCreated;
import io.dataproxy.avro.catalog.DatasetResult;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.serde.ForeignSchemaException;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Poison on the commands topic (bytes that are not a CatalogRequest, and valid records of other types) is never
 * executed: it goes to the dead-letter topic with its reason, its sender is told when it gave a correlation id, the
 * next command is served, and each poison record makes exactly one log line.
 */
class PoisonTopologyTest {

    private final CatalogDriver catalog = new CatalogDriver();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    PoisonTopologyTest() {
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void close() {
        root.detachAppender(log);
        catalog.close();
    }

    @Test
    void aValidRecordOfAnotherTypeIsDeadLetteredNeverExecuted() {
        // a UrlRequest whose fields happen to fit: resolution by fields alone could read it as a catalog command
        UrlRequest urlRequest = UrlRequest.newBuilder().setRequestId("r-1")
                .setBody(CreateDownloadLink.newBuilder().setNativeUrls(List.of("s3://b/k")).build()).build();
        UrlReply urlReply = UrlReply.newBuilder().setRequestId("r-2").setBody(Error.newBuilder()
                .setCode(ErrorCode.INTERNAL).setMessage("x").build()).build();
        CatalogEvent event = CatalogEvent.newBuilder().setDataset(DS).setAt(Instant.EPOCH)
                .setBody(DatasetCreated.newBuilder().setDataset(createDataset(DS).getDataset()).build()).build();
        List<byte[]> foreign = List.of(serialize("dataproxy.url.requests", urlRequest), serialize("dataproxy.url.replies", urlReply),
                serialize("catalog.events", event));
        for (byte[] value : foreign) {
            catalog.pipeBytes(DatasetKeys.bytes(DS), value, correlated("foreign"));
        }

        List<TestRecord<byte[], byte[]>> dead = catalog.deadLetters();
        assertThat(dead).hasSize(foreign.size());
        for (int i = 0; i < foreign.size(); i++) {
            assertThat(dead.get(i).value()).isEqualTo(foreign.get(i));
            assertThat(text(dead.get(i), DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(ForeignSchemaException.class.getName());
        }
        List<CatalogReply> replies = catalog.pendingReplies();
        assertThat(replies).hasSize(foreign.size()).allSatisfy(reply ->
                assertThat(((Error) reply.getBody()).getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(catalog.events()).as("nothing executed").isEmpty();
        assertThat(catalog.send(DS, createDataset(DS)).getBody()).as("the next command is served").isInstanceOf(DatasetResult.class);
    }

    @Test
    void garbageAndBrokenRequestsMakeOneLogLineEach() {
        byte[] valid = catalog.encode(CatalogRequest.newBuilder().setRequestId("r").setBody(createDataset(DS)).build());
        List<byte[]> poison = List.of(
                new byte[] {1, 2, 3}, "{\"json\": true}".getBytes(StandardCharsets.UTF_8), new byte[] {0},
                new byte[] {0, 0x3f, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 2, 2}, Arrays.copyOf(valid, valid.length / 2),
                Arrays.copyOf(valid, valid.length + 3), new byte[0]);
        log.list.clear();
        for (byte[] value : poison) {
            catalog.pipeBytes(DatasetKeys.bytes(DS), value, correlated("poison"));
        }
        catalog.pipeBytes(DatasetKeys.bytes(DS), null, new RecordHeaders());

        assertThat(catalog.deadLetters()).hasSize(poison.size() + 1);
        List<ILoggingEvent> lines = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertThat(lines).as("one line per poison record, from the catalog").hasSize(poison.size() + 1)
                .allSatisfy(line -> {
                    assertThat(line.getLoggerName()).isEqualTo(CommandTriage.class.getName());
                    assertThat(line.getThrowableProxy()).as("no stack at WARN").isNull();
                    assertThat(line.getFormattedMessage()).doesNotContain("\n").contains(catalog.settings.commandsTopic() + "-0@");
                });
        assertThat(catalog.pendingReplies()).as("the correlated ones are told").hasSize(poison.size());
        assertThat(catalog.events()).isEmpty();
    }

    @Test
    void aReasonWithControlCharactersIsLoggedOnOneLine() {
        Headers headers = correlated("forged");
        headers.add(RequestReplyHeaders.REPLY_TOPIC, "x\n12:00:00.000 ERROR forged line".getBytes(StandardCharsets.UTF_8));
        log.list.clear();
        catalog.pipeBytes(DatasetKeys.bytes(DS), catalog.encode(CatalogRequest.newBuilder().setRequestId("r")
                .setBody(createDataset(DS)).build()), headers);
        assertThat(catalog.deadLetters()).hasSize(1);
        assertThat(log.list).hasSize(1);
        assertThat(log.list.get(0).getFormattedMessage()).doesNotContain("\n").contains("\\n12:00:00.000 ERROR");
    }

    private byte[] serialize(String topic, SpecificRecord record) {
        AvroWireSerializer<SpecificRecord> serializer = new AvroWireSerializer<>();
        serializer.configure(catalog.serdeConfig(), false);
        return serializer.serialize(topic, record);
    }

    private static Headers correlated(String id) {
        Headers headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, id.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
