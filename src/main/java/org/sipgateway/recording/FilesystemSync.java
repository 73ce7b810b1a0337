package org.sipgateway.recording;

import java.io.IOException;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes everything written to the recordings' filesystem durable with one system call, Linux's
 * syncfs(2): the recordings' group commit. Forcing each of 500 calls' files twice a second is
 * 1,000 fdatasync calls a second, each with its own disk flush; one syncfs per checkpoint covers
 * every file (data, sizes and the disk's cache) for the price of about one. The JDK forces only
 * one file at a time, hence JNA. A write error anywhere on that filesystem since the previous
 * call is reported (Linux 5.8 and later), without saying which file: the caller then forces the
 * files one by one to find it.
 */
final class FilesystemSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FilesystemSync.class);
    /** open(2) flags: read-only is all syncfs needs, and it opens a directory too. */
    private static final int O_RDONLY = 0;

    /** The C library functions used; errno comes back as {@link LastErrorException}. */
    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int syncfs(int fd) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final LibC libc;
    private final Path dir;
    /** Held open: syncfs reports a write error to each open file once, from when it was opened. */
    private final int fd;

    private FilesystemSync(LibC libc, Path dir, int fd) {
        this.libc = libc;
        this.dir = dir;
        this.fd = fd;
    }

    /** The filesystem of {@code dir}; null where syncfs cannot be had (not Linux, no JNA), said in one log line. */
    static FilesystemSync of(Path dir) {
        if (!Platform.isLinux()) {
            LOG.info("Recordings are forced file by file: syncfs is Linux's");
            return null;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            return new FilesystemSync(libc, dir, libc.open(dir.toString(), O_RDONLY));
        } catch (LastErrorException e) {
            LOG.info("Recordings are forced file by file: cannot open {} (errno {})", dir, e.getErrorCode());
        } catch (LinkageError | RuntimeException e) {
            LOG.info("Recordings are forced file by file: syncfs is not available ({})", e.toString());
        }
        return null;
    }

    /** Returns once everything written to the filesystem so far is on its disk. */
    void sync() throws IOException {
        try {
            libc.syncfs(fd);
        } catch (LastErrorException e) {
            throw new IOException("syncfs of the filesystem of " + dir + " failed (errno " + e.getErrorCode() + ")", e);
        }
    }

    @Override
    public void close() {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            LOG.debug("close of {} failed (errno {})", dir, e.getErrorCode());
        }
    }
}
