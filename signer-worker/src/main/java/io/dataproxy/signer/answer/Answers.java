package io.dataproxy.signer.answer;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.registry.SchemaRegistryException;
import io.dataproxy.signer.SignerMetrics;
import io.dataproxy.wire.DeadLetter;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.LogSafe;
import io.dataproxy.wire.RecordSize;
import io.dataproxy.wire.ReplyTopics;
import io.dataproxy.wire.RequestReplyHeaders;
import io.dataproxy.wire.TopicLookup;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends every request in exactly one answer: its reply, an error reply in its place, or a dead letter. A failure that
 * belongs to the record never stops the worker:
 * <ul>
 *   <li>a reply topic the configuration does not allow, or an allowed one that does not exist: dead letter, and
 *       nothing is written, registered or created for that topic;</li>
 *   <li>a reply that would not fit ({@link SizeLimits}), or that the broker refuses as too large: an
 *       {@code INVALID_ARGUMENT} error reply that says how to ask for less; if even that does not fit (the key and
 *       the correlation id it echoes are too large), a dead letter;</li>
 *   <li>a reply topic that refuses the write (not authorised, its schema subject refuses ours): dead letter;</li>
 *   <li>a dead letter is cut to fit the dead-letter topic ({@link DeadLetter}), so it always lands.</li>
 * </ul>
 * What no record can fix (a fenced producer, refused credentials, our own topics unwritable) goes to {@code fatal},
 * which stops the worker; the record stays uncommitted and is read again after the restart. A schema registry that
 * cannot be reached is waited for. Each bad record gets one log line, at its final answer.
 *
 * <p>Producer callbacks run on the producer's I/O thread, which must not block; whatever follows a failed write is
 * handed to {@code executor}.
 */
public final class Answers {

    private static final Logger log = LoggerFactory.getLogger(Answers.class);
    /** A dead letter the broker refuses as too large is cut to half and sent again, down to this size. */
    private static final int SMALLEST_DEAD_LETTER_LIMIT = 1024;

    private final Producer<byte[], byte[]> producer;
    private final Serializer<UrlReply> replies;
    private final ReplyTopics replyTopics;
    private final TopicLookup topics;
    private final SizeLimits limits;
    private final Executor executor;
    private final Consumer<Throwable> fatal;
    private final SignerMetrics metrics;
    private final BooleanSupplier running;

    /**
     * @param fatal   told of what no record can fix; the worker stops
     * @param running false once the worker stops: retries give up, leaving the record unanswered
     */
    public Answers(Producer<byte[], byte[]> producer, Serializer<UrlReply> replies, ReplyTopics replyTopics, TopicLookup topics,
                   SizeLimits limits, Executor executor, Consumer<Throwable> fatal, SignerMetrics metrics, BooleanSupplier running) {
        this.producer = producer;
        this.replies = replies;
        this.replyTopics = replyTopics;
        this.topics = topics;
        this.limits = limits;
        this.executor = executor;
        this.fatal = fatal;
        this.metrics = metrics;
        this.running = running;
    }

    /**
     * Where the reply to {@code request} goes: decided before anything else, so a refused request costs nothing. A
     * topic the request names other than our own must exist: writing to it would otherwise let the broker create it.
     *
     * @throws InterruptedException when the worker stops while the cluster cannot be asked
     */
    public ReplyTopics.Route route(ConsumerRecord<byte[], byte[]> request) throws InterruptedException {
        ReplyTopics.Route route = replyTopics.route(request.headers());
        if (route instanceof ReplyTopics.To to && !to.topic().equals(replyTopics.defaultTopic()) && !exists(to.topic())) {
            return new ReplyTopics.Refused(RequestReplyHeaders.REPLY_TOPIC + " names '" + to.topic()
                    + "', which does not exist; this service does not create reply topics");
        }
        return route;
    }

    /** The request's reply, or what takes its place. */
    public void reply(ConsumerRecord<byte[], byte[]> request, ReplyTopics.To to, UrlReply reply, Runnable done) {
        write(new Attempt(request, to, reply, Stage.REPLY, null, done));
    }

    /** A request whose reply topic is refused: a dead letter, nothing written to the topic. */
    public void refuse(ConsumerRecord<byte[], byte[]> request, ReplyTopics.Refused refused, Runnable done) {
        deadLetter(request, refused.asException(), done);
    }

    /**
     * A record that is not a readable request: a dead letter and, when its sender named a correlation id and an allowed
     * reply topic, an error reply so it need not wait for a timeout. Done when both are written.
     */
    public void undecodable(ConsumerRecord<byte[], byte[]> request, ReplyTopics.Route route, SerializationException e,
                            Runnable done) {
        boolean canReply = route instanceof ReplyTopics.To && RequestReplyHeaders.correlationId(request.headers()).isPresent();
        Runnable finished = canReply ? countdown(2, done) : done;
        String dlt = DeadLetterHeaders.deadLetterTopic(request.topic());
        deadLetter(request, e, finished);
        if (canReply) {
            String requestId = request.key() == null ? "" : new String(request.key(), StandardCharsets.UTF_8);
            UrlReply error = errorReply(requestId, ErrorCode.INVALID_ARGUMENT, "the request could not be decoded ("
                    + DeadLetterHeaders.reasonText(e) + "); it was sent to " + dlt);
            write(new Attempt(request, (ReplyTopics.To) route, error, Stage.COURTESY, null, finished));
        }
    }

    // ---- replies ---------------------------------------------------------------------------------------------

    /** What a reply is: the answer itself, an error reply in its place, or an error reply beside a dead letter. */
    private enum Stage { REPLY, ERROR_REPLY, COURTESY }

    /** @param why for an error reply in place of the reply: why the reply could not be written */
    private record Attempt(ConsumerRecord<byte[], byte[]> request, ReplyTopics.To to, UrlReply reply, Stage stage, String why,
                           Runnable done) {
    }

    private void write(Attempt a) {
        String topic = a.to().topic();
        Headers headers = new RecordHeaders();
        RequestReplyHeaders.correlationId(a.request().headers())
                .ifPresent(id -> headers.add(RequestReplyHeaders.CORRELATION_ID, id));
        try {
            byte[] value = serialize(topic, headers, a.reply());
            int limit = limits.of(topic);
            int size = RecordSize.of(a.request().key(), value, headers.toArray());
            if (size > limit) {
                notWritten(a, new ReplyTooLargeException(a.stage() == Stage.REPLY ? "the reply" : "an error reply", size, limit,
                        topic), WriteFailure.RECORD);
                return;
            }
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition(a.to()), a.request().key(), value, headers);
            producer.send(record, (metadata, e) -> {
                if (e == null) {
                    written(a);
                } else {
                    continueWith(() -> failed(a, e));
                }
            });
        } catch (InterruptedException e) {
            // stopping while the registry is down: left unanswered, read again after a restart
        } catch (RuntimeException e) {
            failed(a, e);
        }
    }

    private void written(Attempt a) {
        metrics.replySent();
        if (a.stage() == Stage.ERROR_REPLY) {
            log.warn("{}: {}; answered INVALID_ARGUMENT on {} instead", where(a.request()), LogSafe.text(a.why()), a.to().topic());
        }
        a.done().run();
    }

    private void failed(Attempt a, Exception e) {
        WriteFailure kind = WriteFailure.of(e);
        if (kind == WriteFailure.UNKNOWN) {
            // a topic the requester chose is its problem; our own reply topic failing is the cluster's
            kind = a.to().topic().equals(replyTopics.defaultTopic()) ? WriteFailure.FATAL : WriteFailure.DESTINATION;
        }
        switch (kind) {
            case FATAL -> fatal.accept(new IllegalStateException("could not write to " + a.to().topic() + ": " + e, e));
            case STOPPING -> log.debug("{}: stopping before its reply was written", where(a.request()));
            default -> notWritten(a, e, kind);
        }
    }

    /** The reply could not be written for the record's sake: the next answer in line. */
    private void notWritten(Attempt a, Exception reason, WriteFailure kind) {
        String because = reason.getClass().getSimpleName() + ": " + DeadLetterHeaders.reasonText(reason);
        switch (a.stage()) {
            case REPLY -> {
                if (kind == WriteFailure.RECORD) {
                    metrics.replyTooLarge();
                    String message = "the reply could not be written (" + DeadLetterHeaders.reasonText(reason) + "); ask for"
                            + " less: fewer native_urls per request, or a shorter request_id and kafka_correlationId, which"
                            + " the reply echoes";
                    write(new Attempt(a.request(), a.to(), errorReply(a.reply().getRequestId(), ErrorCode.INVALID_ARGUMENT, message),
                            Stage.ERROR_REPLY, because, a.done()));
                } else {
                    deadLetter(a.request(), reason, a.done());
                }
            }
            case ERROR_REPLY -> deadLetter(a.request(), new ReplyNotWrittenException(a.why() + "; then an error reply in its"
                    + " place could not be written either: " + because), a.done());
            case COURTESY -> {
                log.debug("{}: the error reply beside its dead letter could not be written: {}", where(a.request()),
                        LogSafe.text(because));
                a.done().run();
            }
        }
    }

    /** Encodes the reply; a schema registry that cannot be reached is waited for (it says nothing about the record). */
    private byte[] serialize(String topic, Headers headers, UrlReply reply) throws InterruptedException {
        Backoff backoff = new Backoff();
        while (true) {
            try {
                return replies.serialize(topic, headers, reply);
            } catch (SerializationException e) {
                if (!(e.getCause() instanceof SchemaRegistryException registry) || WriteFailure.of(registry) != WriteFailure.TRANSIENT) {
                    throw e;
                }
                if (!running.getAsBoolean()) {
                    throw new InterruptedException("stopping");
                }
                log.warn("schema registry unavailable while encoding a reply for {}; retrying in {} ms: {}", topic,
                        backoff.nextMillis(), LogSafe.text(e.getMessage()));
                backoff.pause();
            }
        }
    }

    /** The partition {@code kafka_replyPartition} named, when the topic has it; otherwise the producer's choice. */
    private Integer partition(ReplyTopics.To to) {
        if (to.partition() == null) {
            return null;
        }
        int partitions = producer.partitionsFor(to.topic()).size();
        return to.partition() < partitions ? to.partition() : null;
    }

    // ---- dead letters ----------------------------------------------------------------------------------------

    /** To {@code <topic>-dlt}, cut to fit; a dead-letter topic we cannot write is fatal (no record can fix it). */
    public void deadLetter(ConsumerRecord<byte[], byte[]> record, Exception reason, Runnable done) {
        String dlt = DeadLetterHeaders.deadLetterTopic(record.topic());
        sendDeadLetter(record, reason, dlt, limits.of(dlt), done);
    }

    private void sendDeadLetter(ConsumerRecord<byte[], byte[]> record, Exception reason, String dlt, int limit, Runnable done) {
        ProducerRecord<byte[], byte[]> letter = DeadLetter.of(record, reason, limit);
        try {
            producer.send(letter, (metadata, e) -> {
                if (e == null) {
                    boolean truncated = DeadLetter.isTruncated(letter.headers());
                    metrics.deadLettered(reason.getClass().getSimpleName(), truncated);
                    log.warn("{}: {}; dead-lettered to {}{}", where(record), LogSafe.text(reason.getClass().getSimpleName() + ": "
                            + DeadLetterHeaders.reasonText(reason)), dlt, truncated ? " (cut to fit its limit)" : "");
                    done.run();
                } else {
                    continueWith(() -> deadLetterFailed(record, reason, dlt, limit, e, done));
                }
            });
        } catch (RuntimeException e) {
            deadLetterFailed(record, reason, dlt, limit, e, done);
        }
    }

    private void deadLetterFailed(ConsumerRecord<byte[], byte[]> record, Exception reason, String dlt, int limit, Exception e,
                                  Runnable done) {
        WriteFailure kind = WriteFailure.of(e);
        if (kind == WriteFailure.STOPPING) {
            return;
        }
        if (kind == WriteFailure.RECORD && limit / 2 >= SMALLEST_DEAD_LETTER_LIMIT) {
            // the broker's limit is below what we could read of it (a topic's setting changed since): cut deeper
            sendDeadLetter(record, reason, dlt, limit / 2, done);
            return;
        }
        fatal.accept(new IllegalStateException("could not write a dead letter to " + dlt + ": " + e, e));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Whether a topic exists; a cluster that cannot be asked is asked again (it says nothing about the request). */
    private boolean exists(String topic) throws InterruptedException {
        Backoff backoff = new Backoff();
        while (true) {
            try {
                return topics.find(topic).isPresent();
            } catch (TopicLookup.TopicLookupException e) {
                if (!running.getAsBoolean()) {
                    throw new InterruptedException("stopping");
                }
                log.warn("could not look up reply topic {}; retrying in {} ms: {}", topic, backoff.nextMillis(),
                        LogSafe.text(String.valueOf(e.getMessage())));
                backoff.pause();
            }
        }
    }

    /** Off the producer's I/O thread; nothing when the worker has stopped (the record stays unanswered). */
    private void continueWith(Runnable next) {
        try {
            executor.execute(next);
        } catch (RejectedExecutionException stopped) {
            log.debug("stopping: a record's next answer is left for after the restart");
        }
    }

    private static Runnable countdown(int writes, Runnable done) {
        AtomicInteger left = new AtomicInteger(writes);
        return () -> {
            if (left.decrementAndGet() == 0) {
                done.run();
            }
        };
    }

    private static UrlReply errorReply(String requestId, ErrorCode code, String message) {
        return UrlReply.newBuilder().setRequestId(requestId)
                .setBody(Error.newBuilder().setCode(code).setMessage(message).build()).build();
    }

    /** {@code topic-partition@offset}: which record a log line is about (the topic is ours, not the requester's). */
    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
