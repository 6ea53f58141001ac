package io.dataproxy.catalog;

import static io.dataproxy.catalog.CatalogDriver.artifact;
import static io.dataproxy.catalog.CatalogDriver.code;
import static io.dataproxy.catalog.CatalogDriver.error;
import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.addTag;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.getArtifact;
import static io.dataproxy.catalog.Requests.getDataset;
import static io.dataproxy.catalog.Requests.getTagged;
import static io.dataproxy.catalog.Requests.listArtifacts;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.DeadLetter;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.RecordSize;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replies always fit where they go (the producer's max.request.size and the topic's max.message.bytes): list pages are
 * cut by bytes, a reply too large becomes an error saying how to ask for less, a write is refused before it is applied
 * when its reply could not be written, and a request with no room even for an error reply is dead-lettered unexecuted.
 */
class ReplySizeTopologyTest {

    private static final int SMALL = 30_000;
    private static final String KEY = DatasetKeys.of(DS);

    /** "small.replies" takes records of at most 30,000 bytes; every other topic Kafka's default. */
    private final CatalogDriver catalog = new CatalogDriver(s -> s.withReplyTopics(Set.of(), List.of("small.")),
            topic -> OptionalInt.of(topic.equals("small.replies") ? SMALL : CatalogTopology.DEFAULT_MAX_MESSAGE_BYTES));

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void sixtyArtifactsOf24KiBAreListedInPagesCutByBytesAndTheTokensReachThemAll() {
        catalog.send(DS, createDataset(DS));
        for (int i = 0; i < 60; i++) {
            catalog.send(DS, artifact(DS, "a" + i).inline("v", 24 * 1024).create());
        }
        List<TestRecord<byte[], byte[]>> events = catalog.raw(catalog.settings.eventsTopic());
        assertThat(events).allSatisfy(e -> assertThat(size(e)).isLessThanOrEqualTo(catalog.settings.maxRequestSize()));

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            catalog.pipe(KEY, listArtifacts(DS).setLimit(50).setPageToken(token).build(), null, new RecordHeaders());
            List<TestRecord<byte[], byte[]>> raw = catalog.raw(catalog.settings.repliesTopic());
            assertThat(raw).hasSize(1);
            assertThat(size(raw.get(0))).as("a page fits the producer's limit").isLessThanOrEqualTo(catalog.settings.maxRequestSize());
            CatalogReply reply = catalog.decodeReply(catalog.settings.repliesTopic(), raw.get(0).value());
            assertThat(reply.getBody()).isInstanceOf(ArtifactPage.class);
            ArtifactPage page = (ArtifactPage) reply.getBody();
            assertThat(page.getArtifacts()).as("never an empty page").isNotEmpty();
            page.getArtifacts().forEach(a -> seen.add(a.getArtifactId()));
            pageSizes.add(page.getArtifacts().size());
            token = page.getNextPageToken();
        } while (token != null && pageSizes.size() < 10);

        assertThat(pageSizes.get(0)).as("cut by bytes, not by the limit of 50").isLessThan(50).isGreaterThan(30);
        assertThat(seen).hasSize(60).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).hasSize(60);
    }

    @Test
    void aReplyTooLargeForItsTopicBecomesAnErrorThatSaysHowToAskForLess() {
        catalog.send(DS, createDataset(DS));
        catalog.send(DS, artifact(DS, "big").inline("v", 40_000).create());
        for (int i = 0; i < 3; i++) {
            catalog.send(DS, artifact(DS, "mid" + i).inline("v", 12_000).create());
        }

        catalog.pipe(KEY, getArtifact(DS, "big"), null, replyTo("small.replies"));
        CatalogReply tooLarge = onlyReply("small.replies");
        assertThat(code(tooLarge)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(error(tooLarge).getMessage()).contains("over the " + SMALL, "small.replies");

        // a listing to the small topic: cut to what fits, and the token continues
        catalog.send(DS, io.dataproxy.avro.catalog.DeleteArtifact.newBuilder().setDataset(DS).setArtifactId("big").build());
        catalog.pipe(KEY, listArtifacts(DS).setLimit(50).build(), null, replyTo("small.replies"));
        ArtifactPage page = CatalogDriver.page(onlyReply("small.replies"));
        assertThat(page.getArtifacts()).hasSize(2);
        assertThat(page.getNextPageToken()).isNotNull();
        catalog.pipe(KEY, listArtifacts(DS).setLimit(50).setPageToken(page.getNextPageToken()).build(), null, replyTo("small.replies"));
        ArtifactPage rest = CatalogDriver.page(onlyReply("small.replies"));
        assertThat(rest.getArtifacts()).hasSize(1);
        assertThat(rest.getNextPageToken()).isNull();
    }

    @Test
    void aWriteWhoseReplyCouldNotBeWrittenIsRefusedBeforeItIsApplied() {
        catalog.send(DS, createDataset(DS));
        catalog.events();
        catalog.pipe(KEY, artifact(DS, "big").inline("v", 40_000).tag("t").create(), null, replyTo("small.replies"));
        CatalogReply refused = onlyReply("small.replies");
        assertThat(code(refused)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(error(refused).getMessage()).contains("artifact 'big'", "small.replies");
        assertThat(catalog.events()).as("nothing published").isEmpty();
        assertThat(code(catalog.send(DS, getArtifact(DS, "big")))).as("nothing stored").isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(catalog.send(DS, getTagged(DS, "t")))).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void anArtifactAndATagThatWouldMakeItLargerThanTheBoundAreRefused() {
        try (CatalogDriver bounded = new CatalogDriver(s -> s.withSizes(40_000, 50_000, s.maxRequestSize()))) {
            bounded.send(DS, createDataset(DS));
            CatalogReply over = bounded.send(DS, artifact(DS, "big").inline("a", 30_000).inline("b", 30_000).create());
            assertThat(error(over).getMessage()).contains("over the bound of 40000"); // inline first
            CatalogReply overAll = bounded.send(DS, artifact(DS, "big").inline("a", 39_000).metadata("m", "x".repeat(20_000)).create());
            assertThat(error(overAll).getMessage()).contains("catalog.artifact.maxBytes", "over the 50000");

            Artifact near = artifact(bounded.send(DS, artifact(DS, "near").inline("a", 39_000).metadata("m", "x".repeat(10_700))
                    .create()));
            assertThat(EncodedSize.of(near)).isBetween(49_500L, 50_000L);
            CatalogReply tagged = bounded.send(DS, addTag(DS, "t".repeat(600), "near"));
            assertThat(code(tagged)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(code(bounded.send(DS, getTagged(DS, "t".repeat(600))))).as("the tag was not assigned").isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(artifact(bounded.send(DS, addTag(DS, "t", "near"))).getTags()).containsExactly("t");
        }
    }

    @Test
    void aRequestWithoutRoomEvenForAnErrorReplyIsDeadLetteredWithoutBeingExecuted() {
        Headers headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, new byte[1_048_000]);
        byte[] bytes = catalog.encode(CatalogRequest.newBuilder().setRequestId("r").setBody(createDataset(DS)).build());
        assertThat(RecordSize.of(DatasetKeys.bytes(DS), bytes, headers.toArray())).as("the request fits the commands topic")
                .isLessThanOrEqualTo(CatalogTopology.DEFAULT_MAX_MESSAGE_BYTES);
        catalog.pipeBytes(DatasetKeys.bytes(DS), bytes, headers);

        List<TestRecord<byte[], byte[]>> dead = catalog.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(ReplyRoutingTest.text(dead.get(0), DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(ReplyTooLargeException.class.getName());
        assertThat(size(dead.get(0))).as("the dead letter fits").isLessThanOrEqualTo(catalog.settings.maxRequestSize());
        assertThat(DeadLetter.isTruncated(dead.get(0).headers())).as("the correlation id had to go").isTrue();
        assertThat(dead.get(0).value()).as("the command itself is kept").isEqualTo(bytes);
        assertThat(catalog.pendingReplies()).isEmpty();
        assertThat(code(catalog.send(DS, getDataset(DS)))).as("not executed").isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void aWriteWhoseKeysAndIdsLeaveTooLittleRoomIsRefusedButAReadIsAnswered() {
        String longId = "r".repeat(20_000);
        catalog.pipeBytes(DatasetKeys.bytes(DS), catalog.encode(CatalogRequest.newBuilder().setRequestId(longId)
                .setBody(createDataset(DS)).build()), new RecordHeaders());
        CatalogReply refused = catalog.pendingReplies().get(0);
        assertThat(refused.getRequestId()).isEqualTo(longId);
        assertThat(code(refused)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(error(refused).getMessage()).contains("request_id", String.valueOf(ReplyBudget.ENVELOPE_BYTES));

        catalog.pipeBytes(DatasetKeys.bytes(DS), catalog.encode(CatalogRequest.newBuilder().setRequestId(longId)
                .setBody(getDataset(DS)).build()), new RecordHeaders());
        assertThat(((Error) catalog.pendingReplies().get(0).getBody()).getMessage()).as("not created").contains("not found");
    }

    @Test
    void errorMessagesAreCut() {
        catalog.send(DS, createDataset(DS));
        String hugeId = "x".repeat(Arguments.MAX_ID_BYTES * 2);
        CatalogReply reply = catalog.send(DS, getArtifact(DS, hugeId));
        assertThat(error(reply).getMessage()).startsWith("artifact 'xxx").endsWith("…")
                .hasSize(ReplyWriter.MAX_ERROR_MESSAGE_CHARS + 1);
    }

    private CatalogReply onlyReply(String topic) {
        List<TestRecord<byte[], byte[]>> raw = catalog.raw(topic);
        assertThat(raw).hasSize(1);
        assertThat(size(raw.get(0))).isLessThanOrEqualTo(topic.equals("small.replies") ? SMALL : catalog.settings.maxRequestSize());
        return catalog.decodeReply(topic, raw.get(0).value());
    }

    private static Headers replyTo(String topic) {
        Headers headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.REPLY_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static int size(TestRecord<byte[], byte[]> record) {
        return RecordSize.of(record.key(), record.value(), record.headers().toArray());
    }
}
