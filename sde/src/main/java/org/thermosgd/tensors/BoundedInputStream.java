package org.thermosgd.tensors;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that yields at most {@code limit} bytes of another (an inflated archive member or gzip content): reading
 * past the limit is refused with a {@link TensorFileException} saying the data runs past the declared size, after
 * inflating at most one byte more than the limit.
 */
public final class BoundedInputStream extends FilterInputStream {
    private final String where;
    private final long limit;
    private long position;

    /** {@code where} names the file in errors; {@code what} says where the limit comes from. */
    public BoundedInputStream(InputStream in, long limit, String where) {
        super(in);
        this.limit = limit;
        this.where = where;
    }

    /** Bytes read so far. */
    public long position() {
        return position;
    }

    @Override
    public int read() throws IOException {
        if (position >= limit) {
            checkEnd();
            return -1;
        }
        int b = super.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= limit) {
            checkEnd();
            return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, limit - position));
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(Math.min(n, limit - position));
        position += Math.max(0, s);
        return s;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** At the limit: refuses when the underlying stream has more. */
    public void checkEnd() throws IOException {
        if (position >= limit && in.read() >= 0) {
            throw new TensorFileException(where, "the data runs past the declared " + limit + " bytes");
        }
    }
}
