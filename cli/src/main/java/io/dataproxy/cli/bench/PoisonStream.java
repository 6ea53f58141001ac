package io.dataproxy.cli.bench;

import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Hostile records sent beside a bench's load at a fixed rate, to measure what poison costs the good requests: random
 * bytes, a wrong magic byte, an unknown schema id, a truncated request, a valid record of another topic, a request
 * naming a reply topic the service must not write to, a null value, and (one in a hundred) a value near the topic's
 * size limit. Keys are the good traffic's, so poison lands on the partitions the measured requests use.
 */
final class PoisonStream implements AutoCloseable {

    /** A value near Kafka's default 1 MiB limit: its dead letter must be cut to fit. */
    private static final int LARGE = 1_000_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final List<byte[]> keys;
    private final List<byte[]> shapes = new ArrayList<>();
    private final byte[] validRequest;
    private final String forbiddenReplyTopic;
    private final double perSecond;
    private final SplittableRandom random = new SplittableRandom(17);
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param validRequest        a request of the topic's type, to truncate and to misdirect
     * @param foreign             a valid record of another type, with the topic it belongs to
     * @param forbiddenReplyTopic a topic the service must not write to (another service's), named as the reply topic
     */
    PoisonStream(Map<String, Object> kafkaProps, String topic, List<String> keys, SpecificRecord validRequest,
                 Map.Entry<String, SpecificRecord> foreign, String forbiddenReplyTopic, double perSecond) {
        this.topic = topic;
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.forbiddenReplyTopic = forbiddenReplyTopic;
        this.perSecond = perSecond;
        AvroWireSerializer<SpecificRecord> serializer = new AvroWireSerializer<>();
        serializer.configure(kafkaProps, false);
        this.validRequest = serializer.serialize(topic, validRequest);
        byte[] random = new byte[200];
        this.random.nextBytes(random);
        random[0] = 0x7b; // '{': not the magic byte
        shapes.add(random);
        shapes.add(ByteBuffer.allocate(9).put((byte) 0).putInt(0x3FFF_FFF0).putInt(0).array());
        shapes.add(Arrays.copyOf(this.validRequest, this.validRequest.length / 2));
        shapes.add(serializer.serialize(foreign.getKey(), foreign.getValue()));
        shapes.add(null);
        Map<String, Object> props = new java.util.HashMap<>(kafkaProps);
        props.remove("schema.registry.url");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "bench-poison");
        this.thread.setDaemon(true);
    }

    PoisonStream start() {
        thread.start();
        return this;
    }

    long sent() {
        return sent.sum();
    }

    /** Poison records the producer could not send (they never reached the service). */
    long failed() {
        return failed.sum();
    }

    private void run() {
        long start = System.nanoTime();
        long interval = (long) (1e9 / perSecond);
        for (long n = 0; running; n++) {
            long due = start + n * interval;
            long wait;
            while (running && (wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!running) {
                break;
            }
            producer.send(next(n), (metadata, e) -> {
                if (e == null) {
                    sent.increment();
                } else {
                    failed.increment();
                }
            });
        }
    }

    private ProducerRecord<byte[], byte[]> next(long n) {
        byte[] key = keys.get(random.nextInt(keys.size()));
        RecordHeaders headers = new RecordHeaders();
        byte[] correlation = new byte[16];
        random.nextBytes(correlation);
        headers.add(RequestReplyHeaders.CORRELATION_ID, correlation);
        int kind = (int) (n % (shapes.size() + 2));
        byte[] value;
        if (n % 100 == 99) {
            value = new byte[LARGE];
            value[0] = 0x7b;
        } else if (kind == shapes.size()) {
            headers.add(RequestReplyHeaders.REPLY_TOPIC, forbiddenReplyTopic.getBytes(StandardCharsets.UTF_8));
            value = validRequest;
        } else if (kind == shapes.size() + 1) {
            value = new byte[0];
        } else {
            value = shapes.get(kind);
        }
        return new ProducerRecord<>(topic, null, key, value, headers);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
