package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.DownloadLinks;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.signer.answer.ReplyNotWrittenException;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.testkit.Records;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replies always fit: a reply larger than its topic takes ({@code max.message.bytes} here, the producer's
 * {@code max.request.size} alike) is not sent; its requester gets an {@code INVALID_ARGUMENT} error reply that says
 * how to ask for less, and when not even that fits (what it echoes is too large), the request is dead-lettered with
 * the reason. Either way the worker goes on and commits past it.
 */
@ExtendWith(DataproxyInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepliesThatDoNotFitTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SMALL_TOPIC_LIMIT = 4096;

    private Infra infra;
    private SignerHarness signer;
    private String smallReplies;
    private KafkaProducer<byte[], byte[]> producer;
    private AvroWireSerializer<UrlRequest> requests;
    private AvroWireDeserializer<UrlReply> replies;

    @BeforeAll
    void start(Infra infra) {
        this.infra = infra;
        smallReplies = infra.uniqueName("small-replies");
        infra.createTopics(1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(SMALL_TOPIC_LIMIT)), smallReplies);
        signer = SignerHarness.start(infra, "s3", Map.of("SIGNER_ALLOWED_REPLY_TOPICS", smallReplies,
                "DATAPROXY_DOWNLOAD_CHECK_EXISTS", "false"));
        producer = infra.bytesProducer();
        requests = new AvroWireSerializer<>();
        requests.configure(infra.kafkaClientProps(), false);
        replies = new AvroWireDeserializer<>(UrlReply.class);
        replies.configure(infra.kafkaClientProps(), false);
    }

    @AfterAll
    void stop() {
        producer.close();
        signer.close();
    }

    @Test
    void aReplyLargerThanItsTopicTakesBecomesAnErrorReplySayingHowToAskForLess() throws Exception {
        byte[] correlation = "sixty-links".getBytes(StandardCharsets.UTF_8);
        send(download("sixty-links", 60), correlation);

        UrlReply reply = replyTo(correlation);
        assertThat(reply.getRequestId()).isEqualTo("sixty-links");
        assertThat(reply.getBody()).isInstanceOfSatisfying(Error.class, e -> {
            assertThat(e.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("the reply could not be written").contains("at most " + SMALL_TOPIC_LIMIT)
                    .contains("fewer native_urls");
        });
        await().atMost(WAIT).until(() -> signer.lag() == 0);

        // the same request, asking for less, fits
        byte[] fewer = "three-links".getBytes(StandardCharsets.UTF_8);
        send(download("three-links", 3), fewer);
        assertThat(replyTo(fewer).getBody()).isInstanceOfSatisfying(DownloadLinks.class,
                links -> assertThat(links.getSignedUrls()).hasSize(3));
        assertThat(signer.worker().failure()).isNull();
    }

    @Test
    void whenNotEvenAnErrorReplyFitsTheRequestIsDeadLetteredWithTheReason() throws Exception {
        byte[] correlation = new byte[SMALL_TOPIC_LIMIT]; // echoed on every reply: none can fit
        Arrays.fill(correlation, (byte) 'c');
        RecordMetadata sent = send(download("huge-correlation", 1), correlation);

        try (KafkaConsumer<byte[], byte[]> dlt = infra.bytesConsumer(infra.uniqueName("dlt"))) {
            dlt.subscribe(List.of(signer.requests + "-dlt"));
            ConsumerRecord<byte[], byte[]> dead = Records.firstMatching(dlt, r ->
                    DeadLetterHeaders.originalOffset(r.headers()).orElse(-1) == sent.offset()
                            && DeadLetterHeaders.originalPartition(r.headers()).orElse(-1) == sent.partition(), WAIT);
            assertThat(Records.header(dead, DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(ReplyNotWrittenException.class.getName());
            assertThat(Records.header(dead, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("the reply would be")
                    .contains("an error reply in its place could not be written either");
            assertThat(dead.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID).value()).as("the original's headers kept")
                    .isEqualTo(correlation);
        }
        await().atMost(WAIT).until(() -> signer.lag() == 0);
        assertThat(signer.worker().failure()).isNull();
        assertThat(signer.worker().isReady()).isTrue();
    }

    private byte[] download(String requestId, int links) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < links; i++) {
            urls.add("s3://" + signer.bucket + "/uploads/p/d/some-directory/file-" + i + ".parquet");
        }
        return requests.serialize(signer.requests, UrlRequest.newBuilder().setRequestId(requestId)
                .setBody(CreateDownloadLink.newBuilder().setNativeUrls(urls).build()).build());
    }

    private RecordMetadata send(byte[] request, byte[] correlation) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, correlation);
        headers.add(RequestReplyHeaders.REPLY_TOPIC, smallReplies.getBytes(StandardCharsets.UTF_8));
        return producer.send(new ProducerRecord<byte[], byte[]>(signer.requests, null, (byte[]) null, request, headers)).get();
    }

    private UrlReply replyTo(byte[] correlation) {
        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("replies"))) {
            consumer.subscribe(List.of(smallReplies));
            ConsumerRecord<byte[], byte[]> reply = Records.firstMatching(consumer, r -> Arrays.equals(correlation,
                    r.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID).value()), WAIT);
            return replies.deserialize(smallReplies, reply.value());
        }
    }
}
