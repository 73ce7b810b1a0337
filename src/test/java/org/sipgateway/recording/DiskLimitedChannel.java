package org.sipgateway.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A real file channel on a disk that holds only {@code capacity} bytes of this file: a write
 * that would make the file longer than that writes nothing and fails with ENOSPC's message, as
 * a full disk does. Rewriting bytes the file already has (the header) still works. Optionally
 * {@link #failForce() force()} fails too.
 */
final class DiskLimitedChannel extends FileChannel {

    static final String NO_SPACE = "No space left on device";

    private final FileChannel delegate;
    private final long capacity;
    private volatile boolean forceFails;
    private volatile long writeDelayMillis;
    private int failures;

    private DiskLimitedChannel(FileChannel delegate, long capacity) {
        this.delegate = delegate;
        this.capacity = capacity;
    }

    static DiskLimitedChannel create(Path file, long capacity) throws IOException {
        return new DiskLimitedChannel(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ), capacity);
    }

    void failForce() {
        forceFails = true;
    }

    /** Every write takes this long first, as on a disk that is busy or failing. */
    void slowWrites(long millis) {
        writeDelayMillis = millis;
    }

    /** How many writes or forces were refused. */
    synchronized int failures() {
        return failures;
    }

    private synchronized void checkRoom(long position, int length) throws IOException {
        if (position + length > capacity) {
            failures++;
            throw new IOException(NO_SPACE);
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        delay();
        checkRoom(position, src.remaining());
        return delegate.write(src, position);
    }

    private void delay() throws IOException {
        if (writeDelayMillis > 0) {
            try {
                Thread.sleep(writeDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the disk was slow");
            }
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        delay();
        checkRoom(delegate.position(), src.remaining());
        return delegate.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += srcs[i].remaining();
        }
        checkRoom(delegate.position(), (int) total);
        return delegate.write(srcs, offset, length);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (forceFails) {
            synchronized (this) {
                failures++;
            }
            throw new IOException(NO_SPACE);
        }
        delegate.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        delegate.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw new IOException("not used by recordings");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
