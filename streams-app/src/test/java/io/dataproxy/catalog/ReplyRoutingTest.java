package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.getDataset;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.DatasetResult;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every request gets one reply, routed by kafka_replyTopic / kafka_replyPartition, with kafka_correlationId echoed. */
class ReplyRoutingTest {

    private final CatalogDriver catalog = new CatalogDriver();

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
        assertThat(reply.headers().toArray()).as("routing headers stay on the request").hasSize(1);
        assertThat(catalog.pendingReplies()).as("nothing on the default reply topic").isEmpty();
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
    void aRecordWithoutAValueStillGetsAnErrorReply() {
        catalog.pipeRaw(DatasetKeys.of(DS), null, new RecordHeaders());
        List<CatalogReply> replies = catalog.pendingReplies();
        assertThat(replies).hasSize(1);
        assertThat(((Error) replies.get(0).getBody()).getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
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
}
