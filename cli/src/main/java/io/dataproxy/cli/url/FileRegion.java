package io.dataproxy.cli.url;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code length} bytes of a file from {@code offset}, read from disk as they are asked for (positional reads: parts
 * of one file are read in parallel, each through its own channel). Nothing is buffered here, so a part of any size
 * costs only the HTTP client's own buffers.
 */
final class FileRegion extends InputStream {

    private final FileChannel channel;
    private final long end;
    private long position;

    private FileRegion(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.position = offset;
        this.end = offset + length;
    }

    /** Unchecked, for the HTTP client's body suppliers. */
    static InputStream open(Path file, long offset, long length) {
        try {
            return new FileRegion(FileChannel.open(file, StandardOpenOption.READ), offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
        if (n < 0) {
            throw new EOFException("the file ended at byte " + position + ", before " + end + ": it changed during the upload");
        }
        position += n;
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
