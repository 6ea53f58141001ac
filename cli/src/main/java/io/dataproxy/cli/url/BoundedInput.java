package io.dataproxy.cli.url;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Standard input, stopped at the first byte over the form's bound: the upload then fails at once, with a message
 * that says why, instead of sending on until storage refuses the whole body.
 */
final class BoundedInput extends FilterInputStream {

    private final long limit;
    private long count;
    private volatile boolean overflowed;

    BoundedInput(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, (int) Math.min(len, limit - count + 1));
        if (n > 0) {
            count += n;
            if (count > limit) {
                overflowed = true;
                throw new IOException("standard input is longer than " + limit + " bytes");
            }
        }
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public void close() {
        // standard input stays open: it is not ours to close
    }

    boolean overflowed() {
        return overflowed;
    }

    long count() {
        return count;
    }
}
