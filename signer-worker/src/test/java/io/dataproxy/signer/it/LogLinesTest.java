package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A requester cannot write a line into the service's log: values from a request (request ids, reply topics, header
 * values) are escaped in every log line, so a newline stays {@code \n} on the same line, and a bidirectional override
 * or a line separator shows as its escape. One line per bad record, without a stack trace (that is at DEBUG).
 */
@ExtendWith(DataproxyInfraExtension.class)
class LogLinesTest {

    private static final String FORGED = "22:00:00.000 ERROR [main] i.d.s.SignerWorker - forged: storage credentials leaked";

    private final Infra infra;
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Level before;

    LogLinesTest(Infra infra) {
        this.infra = infra;
    }

    @BeforeEach
    void capture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        before = root.getLevel();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(before);
        root.detachAppender(captured);
    }

    @Test
    void valuesFromARequestCannotForgeALogLine() throws Exception {
        // storage that cannot be reached: the worker logs the request id of a request it could not serve
        try (SignerHarness signer = SignerHarness.start(infra, "minio", Map.of("STORAGE_CONNECTION_ENDPOINT", "http://127.0.0.1:9"));
             KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            String requestId = "r1\n" + FORGED + "\r\u2028\u202Etxt.exe";
            UrlReply reply = signer.client().request(UrlRequest.newBuilder().setRequestId(requestId)
                    .setBody(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setFilenameRoot("root")
                            .setFilename("f").setContentLength(1L).build()).build(), SignerHarness.TIMEOUT).join();
            assertThat(reply.getBody()).isInstanceOf(Error.class);

            // a reply topic that is refused, and a record that is not a request, both named with a forged line
            RecordHeaders headers = new RecordHeaders();
            headers.add(RequestReplyHeaders.CORRELATION_ID, "c".getBytes(StandardCharsets.UTF_8));
            headers.add(RequestReplyHeaders.REPLY_TOPIC, ("replies\n" + FORGED).getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(signer.requests, null, ("k\n" + FORGED).getBytes(StandardCharsets.UTF_8),
                    ("not avro\n" + FORGED).getBytes(StandardCharsets.UTF_8), headers)).get();
            await().atMost(SignerHarness.TIMEOUT).until(() -> signer.lag() == 0);
        }

        List<ILoggingEvent> ours = captured.list.stream().filter(e -> e.getLoggerName().startsWith("io.dataproxy")).toList();
        assertThat(ours).as("the request id was logged, escaped").anySatisfy(e ->
                assertThat(e.getFormattedMessage()).contains("r1\\n" + FORGED + "\\r\\u2028\\u202Etxt.exe"));
        assertThat(ours).as("the refused reply topic was logged, escaped").anySatisfy(e ->
                assertThat(e.getFormattedMessage()).contains("replies\\").contains("ReplyTopicRefusedException"));
        for (ILoggingEvent event : ours) {
            String line = event.getFormattedMessage();
            assertThat(line).as("one line: %s", line).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085");
            assertThat(line).as("displays as what it is: %s", line).doesNotContain("\u202E", "\u2066", "\u200F");
            if (event.getLevel().isGreaterOrEqual(Level.WARN) && event.getLevel() != Level.ERROR) {
                assertThat(event.getThrowableProxy()).as("no stack trace for a bad record: %s", line).isNull();
            }
        }
    }
}
