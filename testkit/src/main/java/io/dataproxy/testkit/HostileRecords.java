package io.dataproxy.testkit;

import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.RequestReplyHeaders;
import io.dataproxy.wire.RecordSize;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What a hostile or broken client can put on a service's request topic, for poison tests: random bytes, a wrong
 * magic byte, truncated and mutated Avro of a valid request, unknown schema ids, valid records of other topics,
 * null and empty values, values, keys, headers and correlation ids at the size limit, and reply topics the
 * service must not write to. Deterministic for a seed.
 *
 * <p>Every record carries a fresh correlation id (unless its shape is about the correlation id), so a test can
 * match the service's error reply to it; {@link Hostile#shape()} names the shape in assertion messages.
 */
public final class HostileRecords {

    /** One hostile record and what makes it so. */
    public record Hostile(String shape, ProducerRecord<byte[], byte[]> record) {
        /** The correlation id the record carries, or null. */
        public byte[] correlationId() {
            Header h = record.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID);
            return h == null ? null : h.value();
        }
    }

    private final String topic;
    private final byte[] key;
    private final Random random;
    private final List<Hostile> records = new ArrayList<>();

    /**
     * @param topic the request topic
     * @param key   the key a valid request would have (the catalog checks it against the dataset)
     */
    public HostileRecords(String topic, String key, long seed) {
        this.topic = topic;
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.random = new Random(seed);
    }

    /** Records that are not Avro in the wire format at all. */
    public HostileRecords garbage() {
        for (int length : new int[] {1, 4, 5, 100, 10_000}) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            bytes[0] = (byte) (1 + random.nextInt(255)); // never the magic byte
            add("random " + length + " bytes", key, bytes, correlated());
        }
        add("text", key, "{\"request_id\": \"json, not avro\"}".getBytes(StandardCharsets.UTF_8), correlated());
        add("magic byte only", key, new byte[] {0}, correlated());
        add("wire header only", key, new byte[] {0, 0, 0, 0, 1}, correlated());
        add("null value", key, null, correlated());
        add("empty value", key, new byte[0], correlated());
        add("unknown schema id", key, ByteBuffer.allocate(9).put((byte) 0).putInt(0x3FFF_FFF0).putInt(0x0202_0202).array(),
                correlated());
        add("negative schema id", key, ByteBuffer.allocate(7).put((byte) 0).putInt(-5).put((byte) 2).put((byte) 0).array(),
                correlated());
        return this;
    }

    /** Cuts and bit flips of a valid request of the topic's own type (bytes in the Confluent wire format). */
    public HostileRecords broken(byte[] validRequest) {
        for (int cut : new int[] {6, validRequest.length / 2, validRequest.length - 1}) {
            if (cut > 5 && cut < validRequest.length) {
                add("truncated to " + cut + " of " + validRequest.length + " bytes", key, Arrays.copyOf(validRequest, cut),
                        correlated());
            }
        }
        for (int i = 0; i < 12; i++) {
            byte[] mutated = validRequest.clone();
            int at = 5 + random.nextInt(mutated.length - 5); // after the wire header: the Avro body
            mutated[at] = (byte) (mutated[at] ^ (1 << random.nextInt(8)) ^ (i % 3 == 0 ? 0xFF : 0));
            add("bit flip at byte " + at, key, mutated, correlated());
        }
        byte[] trailing = Arrays.copyOf(validRequest, validRequest.length + 3);
        add("trailing bytes", key, trailing, correlated());
        return this;
    }

    /**
     * Valid records of other types (other topics' requests, replies, events), each serialized under its own
     * topic's subject as its producer would: a reader that resolves schemas by fields could take them for requests.
     */
    public HostileRecords foreign(Map<String, ?> serdeConfig, Map<String, SpecificRecord> recordsByTheirTopic) {
        AvroWireSerializer<SpecificRecord> serializer = new AvroWireSerializer<>();
        serializer.configure(serdeConfig, false);
        recordsByTheirTopic.forEach((theirTopic, record) -> add("a " + record.getSchema().getName() + " of " + theirTopic, key,
                serializer.serialize(theirTopic, record), correlated()));
        return this;
    }

    /**
     * A valid request with a reply topic the service must not write to: topics of the catalog and the signer, a name
     * Kafka would refuse, control characters, a name that does not exist (a broker with auto-create would make it).
     */
    public HostileRecords hostileReplyTopics(byte[] validRequest, List<String> forbiddenTopics) {
        List<String> names = new ArrayList<>(forbiddenTopics);
        names.addAll(List.of("no-such-topic-" + UUID.randomUUID(), "bad name with spaces", "line\nbreak", "..",
                "x".repeat(300), "__consumer_offsets"));
        for (String name : names) {
            RecordHeaders headers = correlated();
            headers.add(RequestReplyHeaders.REPLY_TOPIC, name.getBytes(StandardCharsets.UTF_8));
            add("reply topic '" + name.replace("\n", "\\n") + "'", key, validRequest, headers);
        }
        return this;
    }

    /**
     * A valid request whose record is at the size limit in each of its parts: a correlation id, another header, a key
     * (where the service's key is free), and a value padded to the limit. Each fits the request topic; what the service
     * answers or dead-letters (which echoes them and adds headers) does not.
     *
     * @param maxRecordBytes the request topic's limit (what {@link RecordSize} may count)
     * @param keyIsFree      true when the service takes any key (the signer), false when the key must be the dataset's
     */
    public HostileRecords atTheSizeLimit(byte[] validRequest, int maxRecordBytes, boolean keyIsFree) {
        RecordHeaders bigId = new RecordHeaders();
        bigId.add(RequestReplyHeaders.CORRELATION_ID, fill(room(key, validRequest, new RecordHeaders(), maxRecordBytes, 40)));
        add("correlation id at the limit", key, validRequest, bigId);

        RecordHeaders bigHeader = correlated();
        bigHeader.add("x-padding", fill(room(key, validRequest, bigHeader, maxRecordBytes, 40)));
        add("header at the limit", key, validRequest, bigHeader);

        if (keyIsFree) {
            RecordHeaders headers = correlated();
            byte[] bigKey = fill(room(null, validRequest, headers, maxRecordBytes, 40));
            add("key at the limit", bigKey, validRequest, headers);
        }
        RecordHeaders headers = correlated();
        byte[] padded = Arrays.copyOf(validRequest, validRequest.length + room(key, validRequest, headers, maxRecordBytes, 0));
        add("value at the limit (trailing padding)", key, padded, headers);
        return this;
    }

    /** Adds a shape of the caller's own (e.g. a list whose reply would be too large, a URI storage refuses). */
    public HostileRecords add(String shape, byte[] key, byte[] value, RecordHeaders headers) {
        records.add(new Hostile(shape, new ProducerRecord<>(topic, null, key, value, headers)));
        return this;
    }

    /** Headers with a fresh correlation id (16 random bytes, as Spring's and our clients send). */
    public RecordHeaders correlated() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(RequestReplyHeaders.CORRELATION_ID, id));
        return headers;
    }

    /** The records, shuffled with the seed. */
    public List<Hostile> build() {
        List<Hostile> shuffled = new ArrayList<>(records);
        java.util.Collections.shuffle(shuffled, random);
        return shuffled;
    }

    /** How many more bytes a record of these parts could take and still fit, minus {@code slack}. */
    private static int room(byte[] key, byte[] value, RecordHeaders headers, int maxRecordBytes, int slack) {
        Header[] withPadding = Arrays.copyOf(headers.toArray(), headers.toArray().length + 1);
        withPadding[withPadding.length - 1] = new RecordHeader("x", new byte[0]);
        return Math.max(0, maxRecordBytes - RecordSize.of(key, value, withPadding) - 8 - slack);
    }

    private byte[] fill(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(26));
        }
        return bytes;
    }
}
