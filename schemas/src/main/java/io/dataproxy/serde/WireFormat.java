package io.dataproxy.serde;

/** Confluent wire format: byte 0 is the magic byte 0x00, bytes 1-4 the schema id (big-endian), then Avro binary. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0x0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. */
    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    static int schemaId(byte[] data) {
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
