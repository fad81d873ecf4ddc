package com.callimport.connectors.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails the read that hits end-of-stream before the announced Content-Length, so that a dropped
 * download can never be stored as a complete, shorter file.
 */
final class LengthCheckedInputStream extends FilterInputStream {
    private final long expected;
    private long received;

    LengthCheckedInputStream(InputStream in, long expected) {
        super(in);
        this.expected = expected;
    }

    @Override
    public int read() throws IOException {
        int next = super.read();
        if (next < 0) {
            checkComplete();
        } else {
            received++;
        }
        return next;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int count = super.read(buffer, offset, length);
        if (count < 0) {
            checkComplete();
        } else {
            received += count;
        }
        return count;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        received += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void checkComplete() throws IOException {
        if (received < expected) {
            throw new IOException("download ended after " + received + " of " + expected + " announced bytes");
        }
    }
}
