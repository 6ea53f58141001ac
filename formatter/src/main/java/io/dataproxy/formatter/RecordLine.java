package io.dataproxy.formatter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.UUID;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.RequestReplyHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record as one JSON line: topic, partition, offset, timestamp, key, headers, and the decoded value. Keys and
 * header values are shown as text when they are printable UTF-8 (ours are), otherwise as {@code {"base64": ...}};
 * the request/reply headers by what they mean: {@code kafka_replyPartition} as the number, {@code kafka_correlationId}
 * as a UUID when it has 16 bytes (Spring's and our clients' ids are UUIDs), else as hex; a dead letter's original
 * partition, offset and timestamp (Spring's binary numbers) as numbers.
 */
public final class RecordLine {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WireValueDecoder values;

    public RecordLine(WireValueDecoder values) {
        this.values = values;
    }

    public String render(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        line.set("key", bytes(record.key()));
        ObjectNode headers = line.putObject("headers");
        for (Header header : record.headers()) {
            JsonNode value = header(header.key(), header.value());
            JsonNode previous = headers.get(header.key());
            if (previous == null) {
                headers.set(header.key(), value);
            } else if (previous instanceof ArrayNode repeated) {
                repeated.add(value);
            } else {
                headers.putArray(header.key()).add(previous).add(value); // a repeated header keeps every value
            }
        }
        values.decodeInto(record.value(), line);
        try {
            return MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of nodes always serializes
        }
    }

    private static JsonNode header(String name, byte[] value) {
        if (value != null && name.equals(RequestReplyHeaders.REPLY_PARTITION) && value.length == 4) {
            return IntNode.valueOf(ByteBuffer.wrap(value).getInt());
        }
        if (DeadLetterHeaders.isNumber(name)) {
            OptionalLong number = DeadLetterHeaders.number(value);
            if (number.isPresent()) {
                return LongNode.valueOf(number.getAsLong());
            }
        }
        if (value != null && name.equals(RequestReplyHeaders.CORRELATION_ID)) {
            if (value.length == 16) {
                ByteBuffer id = ByteBuffer.wrap(value);
                return TextNode.valueOf(new UUID(id.getLong(), id.getLong()).toString());
            }
            if (printableUtf8(value) == null) {
                return TextNode.valueOf(HexFormat.of().formatHex(value));
            }
        }
        return bytes(value);
    }

    private static JsonNode bytes(byte[] data) {
        if (data == null) {
            return MAPPER.nullNode();
        }
        String text = printableUtf8(data);
        if (text != null) {
            return TextNode.valueOf(text);
        }
        ObjectNode encoded = MAPPER.createObjectNode();
        encoded.put("base64", Base64.getEncoder().encodeToString(data));
        return encoded;
    }

    private static String printableUtf8(byte[] data) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return null;
            }
        }
        return text;
    }
}
