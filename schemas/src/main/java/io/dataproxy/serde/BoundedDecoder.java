package io.dataproxy.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Reads like {@link BinaryDecoder} but refuses lengths a record of {@code size} bytes cannot hold. Avro allocates a
 * string's or array's declared length before reading it, so without this a 16-byte corrupt record claiming a 2 GB
 * string throws OutOfMemoryError: a poison record that takes the consumer down instead of being dead-lettered.
 */
final class BoundedDecoder extends Decoder {

    /** Arrays of zero-byte items (nulls) may legitimately count more items than there are bytes. */
    private static final int MIN_ITEM_BOUND = 1 << 16;

    private final BinaryDecoder in;
    private final int size;

    BoundedDecoder(BinaryDecoder in, int size) {
        this.in = in;
        this.size = size;
    }

    private int length(long length, String what) throws IOException {
        if (length < 0 || length > size) {
            throw new CorruptLengthException(what + " length " + length + " is longer than the record (" + size + " bytes)");
        }
        return (int) length;
    }

    private long items(long count, String what) throws IOException {
        if (count > Math.max(size, MIN_ITEM_BOUND)) {
            throw new CorruptLengthException(what + " of " + count + " items cannot fit in the record (" + size + " bytes)");
        }
        return count;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length(in.readLong(), "string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        in.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(length(in.readLong(), "string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length(in.readLong(), "bytes");
        ByteBuffer result;
        if (old != null && old.hasArray() && length <= old.capacity()) {
            result = old;
            result.clear();
        } else {
            result = ByteBuffer.allocate(length);
        }
        in.readFixed(result.array(), result.arrayOffset() + result.position(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(length(in.readLong(), "bytes"));
    }

    @Override
    public long readArrayStart() throws IOException {
        return items(in.readArrayStart(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return items(in.arrayNext(), "array");
    }

    @Override
    public long readMapStart() throws IOException {
        return items(in.readMapStart(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return items(in.mapNext(), "map");
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }

    boolean isEnd() throws IOException {
        return in.isEnd();
    }

    /** An IOException, so the deserializer reports it like any other undecodable record. */
    static final class CorruptLengthException extends IOException {
        CorruptLengthException(String message) {
            super(message);
        }
    }
}
