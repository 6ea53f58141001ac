package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.getDataset;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.DatasetResult;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.registry.MockSchemaRegistry;
import io.dataproxy.wire.CommandPosition;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.ReplyTopicRefusedException;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every request gets one reply, routed by kafka_replyTopic / kafka_replyPartition within the allow-list, with
 * kafka_correlationId echoed; a request naming a topic the catalog may not write to is dead-lettered, not executed.
 */
class ReplyRoutingTest {

    /** Allows the exact topic "flyte.replies" and the prefix "client-"; "client-gone.replies" does not exist. */
    private final CatalogDriver catalog = new CatalogDriver(
            s -> s.withReplyTopics(Set.of("flyte.replies"), List.of("client-")),
            topic -> topic.equals("client-gone.replies") ? OptionalInt.empty() : OptionalInt.of(1_048_588));

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void repliesGoToTheRequestedTopicWithTheCorrelationIdAndNothingElse() {
        byte[] correlation = {0, 1, 2, (byte) 0xff};
        Headers headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, correlation);
        headers.add(RequestReplyHeaders.REPLY_TOPIC, "client-7.replies".getBytes(StandardCharsets.UTF_8));
        headers.add(RequestReplyHeaders.REPLY_PARTITION, RequestReplyHeaders.partitionBytes(0));
        String requestId = catalog.pipe(DatasetKeys.of(DS), createDataset(DS), null, headers);

        TestOutputTopic<String, CatalogReply> custom = catalog.replyTopic("client-7.replies");
        List<TestRecord<String, CatalogReply>> replies = custom.readRecordsToList();
        assertThat(replies).hasSize(1);
        TestRecord<String, CatalogReply> reply = replies.get(0);
        assertThat(reply.key()).isEqualTo(DatasetKeys.of(DS));
        assertThat(reply.value().getRequestId()).isEqualTo(requestId);
        assertThat(reply.value().getBody()).isInstanceOf(DatasetResult.class);
        assertThat(reply.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID).value()).isEqualTo(correlation);
        assertThat(reply.headers().toArray()).as("routing headers stay on the request: the correlation id and the "
                + "command's position only").extracting(Header::key)
                .containsExactly(RequestReplyHeaders.CORRELATION_ID, CommandPosition.HEADER);
        assertThat(CommandPosition.of(reply.headers())).as("where the command was applied")
                .contains(new CommandPosition(0, 0));
        assertThat(catalog.pendingReplies()).as("nothing on the default reply topic").isEmpty();
        assertThat(catalog.deadLetters()).isEmpty();
    }

    @Test
    void anExactlyAllowedTopicAndTheCatalogsOwnAreAnswered() {
        catalog.pipe(DatasetKeys.of(DS), getDataset(DS), null, replyTo("flyte.replies"));
        assertThat(catalog.replyTopic("flyte.replies").readValuesToList()).hasSize(1);
        catalog.pipe(DatasetKeys.of(DS), getDataset(DS), null, replyTo(catalog.settings.repliesTopic()));
        assertThat(catalog.pendingReplies()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"catalog.events", "catalog.commands", "catalog.datasets", "dataproxy.url.requests",
            "another-team.topic", "client-gone.replies", "flyte.replies2", "__consumer_offsets", "..", "bad name",
            "line\nbreak", "caf\u00e9", "\u202Ecilbup"})
    void aRequestNamingATopicTheCatalogMayNotWriteToIsDeadLetteredAndNotExecuted(String topic) {
        String scope = catalog.serdeConfig().get("schema.registry.url").toString().substring("mock://".length());
        Headers headers = replyTo(topic);
        headers.add(RequestReplyHeaders.CORRELATION_ID, "c-1".getBytes(StandardCharsets.UTF_8));
        CatalogRequest request = CatalogRequest.newBuilder().setRequestId("r-1").setBody(createDataset(DS)).build();
        byte[] bytes = catalog.encode(request);
        Set<String> subjectsBefore = Set.copyOf(MockSchemaRegistry.forScope(scope).subjects());
        catalog.pipeBytes(DatasetKeys.bytes(DS), bytes, headers);

        List<TestRecord<byte[], byte[]>> dead = catalog.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).as("the command's own bytes").isEqualTo(bytes);
        assertThat(text(dead.get(0), DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(ReplyTopicRefusedException.class.getName());
        assertThat(text(dead.get(0), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(catalog.settings.commandsTopic());
        assertThat(text(dead.get(0), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("kafka_replyTopic");
        assertThat(catalog.pendingReplies()).as("no reply anywhere the test can see").isEmpty();
        assertThat(catalog.events()).as("not executed: nothing published").isEmpty();
        assertThat(MockSchemaRegistry.forScope(scope).subjects()).as("no schema registered for it")
                .containsExactlyInAnyOrderElementsOf(subjectsBefore);
        if (topic.matches("[a-zA-Z0-9._-]+") && !topic.equals("..")) {
            assertThat(catalog.replyTopic(topic).isEmpty()).isTrue();
        }
        // not executed: the dataset does not exist, and the next command on the partition is served
        assertThat(((Error) catalog.send(DS, getDataset(DS)).getBody()).getCode()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void withoutHeadersTheReplyGoesToTheDefaultTopicWithoutACorrelationId() {
        catalog.pipe(DatasetKeys.of(DS), getDataset(DS), null, new RecordHeaders());
        List<CatalogReply> replies = catalog.pendingReplies();
        assertThat(replies).hasSize(1);
        assertThat(((Error) replies.get(0).getBody()).getCode()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void anErrorReplyAlsoEchoesTheCorrelationId() {
        Headers headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, "c-1".getBytes(StandardCharsets.UTF_8));
        catalog.pipe(DatasetKeys.of(DS), getDataset(DS), null, headers);
        catalog.pipe(DatasetKeys.of(DS), getDataset(DS), null, new RecordHeaders());
        List<TestRecord<String, CatalogReply>> replies = catalog.replyTopic(catalog.settings.repliesTopic()).readRecordsToList();
        assertThat(replies).hasSize(2);
        assertThat(new String(replies.get(0).headers().lastHeader(RequestReplyHeaders.CORRELATION_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo("c-1");
        assertThat(replies.get(1).headers().lastHeader(RequestReplyHeaders.CORRELATION_ID)).isNull();
    }

    @Test
    void aRecordWithoutAValueIsDeadLetteredAndItsSenderToldWhenItGaveACorrelationId() {
        Headers correlated = new RecordHeaders();
        correlated.add(RequestReplyHeaders.CORRELATION_ID, "c-null".getBytes(StandardCharsets.UTF_8));
        catalog.pipeBytes(DatasetKeys.bytes(DS), null, correlated);
        catalog.pipeBytes(DatasetKeys.bytes(DS), new byte[0], new RecordHeaders());

        List<TestRecord<byte[], byte[]>> dead = catalog.deadLetters();
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(d -> assertThat(text(d, DeadLetterHeaders.EXCEPTION_FQCN))
                .isEqualTo("io.dataproxy.serde.MissingValueException"));
        List<TestRecord<String, CatalogReply>> replies = catalog.replyTopic(catalog.settings.repliesTopic()).readRecordsToList();
        assertThat(replies).as("only the correlated one can be matched to its sender").hasSize(1);
        assertThat(new String(replies.get(0).headers().lastHeader(RequestReplyHeaders.CORRELATION_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo("c-null");
        assertThat(((Error) replies.get(0).value().getBody()).getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(((Error) replies.get(0).value().getBody()).getMessage()).contains("could not be decoded", "-dlt");
        assertThat(catalog.events()).isEmpty();
    }

    @Test
    void thePartitionerUsesTheRequestedPartitionWhenTheTopicHasIt() {
        ReplyPartitioner partitioner = new ReplyPartitioner();
        CatalogReply reply = CatalogReply.newBuilder().setRequestId("r").setBody(new io.dataproxy.avro.catalog.Done(true)).build();
        assertThat(partitioner.partitions("t", "k", new RoutedReply("t", 3, reply), 4)).contains(Set.of(3));
        assertThat(partitioner.partitions("t", "k", new RoutedReply("t", 4, reply), 4)).as("out of range: by key").isEqualTo(Optional.empty());
        assertThat(partitioner.partitions("t", "k", new RoutedReply("t", -1, reply), 4)).isEqualTo(Optional.empty());
        assertThat(partitioner.partitions("t", "k", new RoutedReply("t", null, reply), 4)).isEqualTo(Optional.empty());
    }

    @Test
    void routingIsReadFromTheRequestHeaders() {
        CatalogReply reply = CatalogReply.newBuilder().setRequestId("r").setBody(new io.dataproxy.avro.catalog.Done(true)).build();
        Headers headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.REPLY_TOPIC, "mine".getBytes(StandardCharsets.UTF_8));
        headers.add(RequestReplyHeaders.REPLY_PARTITION, RequestReplyHeaders.partitionBytes(5));
        assertThat(RoutedReply.forRequest(headers, "default", reply)).isEqualTo(new RoutedReply("mine", 5, reply));
        assertThat(RoutedReply.forRequest(new RecordHeaders(), "default", reply)).isEqualTo(new RoutedReply("default", null, reply));
    }

    private static Headers replyTo(String topic) {
        Headers headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.REPLY_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    static String text(TestRecord<byte[], byte[]> record, String header) {
        return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }
}
