package org.sipgateway.support;

import java.util.Arrays;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * A far end's RTP socket on loopback that notes, for each datagram, the time the kernel queued it
 * on the socket (SO_TIMESTAMPNS, socket(7)) as well as the time its reading thread got it. On
 * loopback the kernel's time is taken in the sender's own system call, so it shows when a packet
 * left its sender; the thread's time adds this test's own wake-up delay, which depends on what
 * else the machine runs and not on the sender. The JDK's sockets do not expose the kernel's
 * receive time, hence JNA and recvmsg(2); Linux only ({@link #open} says why it cannot be had).
 */
public final class StampedRtpSink implements AutoCloseable {

    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVTIMEO = 20;
    /** Also the control message type that carries the stamp (SCM_TIMESTAMPNS). */
    private static final int SO_TIMESTAMPNS = 35;
    private static final int EAGAIN = 11;
    /** Layouts on 64-bit Linux: struct sockaddr_in, iovec, msghdr, cmsghdr + timespec. */
    private static final int SOCKADDR_IN_SIZE = 16;
    private static final int IOVEC_SIZE = 16;
    private static final int MSGHDR_SIZE = 56;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_CONTROL = 32;
    private static final int MSG_CONTROLLEN = 40;
    private static final int CMSG_LEVEL = 8;
    private static final int CMSG_TYPE = 12;
    private static final int CMSG_DATA = 16;
    private static final int CONTROL_SIZE = 64;
    private static final int DATAGRAM_SIZE = 2048;

    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

        int bind(int fd, Pointer address, int length) throws LastErrorException;

        int getsockname(int fd, Pointer address, IntByReference length) throws LastErrorException;

        long recvmsg(int fd, Pointer message, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final LibC libc;
    private final int fd;
    private final int port;
    private final Thread reader;
    private final Object lock = new Object();
    private long[] kernelNanos = new long[4096];
    private long[] threadNanos = new long[4096];
    private int count;
    private volatile boolean closed;

    private StampedRtpSink(LibC libc, int fd, int port) {
        this.libc = libc;
        this.fd = fd;
        this.port = port;
        reader = new Thread(this::read, "rtp-stamped-sink-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    /** A sink on 127.0.0.1 and a free port; throws {@link IllegalStateException} saying why where there is none. */
    public static StampedRtpSink open() {
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            throw new IllegalStateException("kernel receive times need 64-bit Linux");
        }
        LibC libc = Native.load("c", LibC.class);
        int fd = libc.socket(AF_INET, SOCK_DGRAM, 0);
        try {
            Memory value = new Memory(16);
            value.setInt(0, 1);
            libc.setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, value, 4);
            value.setInt(0, 4 * 1024 * 1024);
            libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, value, 4);
            // struct timeval of 100 ms, so the reader sees close() soon.
            value.setLong(0, 0);
            value.setLong(8, 100_000);
            libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, value, 16);
            Memory address = new Memory(SOCKADDR_IN_SIZE);
            address.clear();
            address.setShort(0, (short) AF_INET);
            address.setInt(4, 0x0100007f); // 127.0.0.1, network order in memory
            libc.bind(fd, address, SOCKADDR_IN_SIZE);
            IntByReference length = new IntByReference(SOCKADDR_IN_SIZE);
            libc.getsockname(fd, address, length);
            int port = ((address.getByte(2) & 0xff) << 8) | (address.getByte(3) & 0xff);
            return new StampedRtpSink(libc, fd, port);
        } catch (LastErrorException e) {
            libc.close(fd);
            throw new IllegalStateException("cannot open a stamped UDP socket (errno " + e.getErrorCode() + ")", e);
        }
    }

    private void read() {
        Memory data = new Memory(DATAGRAM_SIZE);
        Memory iov = new Memory(IOVEC_SIZE);
        Memory control = new Memory(CONTROL_SIZE);
        Memory message = new Memory(MSGHDR_SIZE);
        iov.setPointer(0, data);
        iov.setLong(8, DATAGRAM_SIZE);
        while (!closed) {
            message.clear();
            message.setPointer(MSG_IOV, iov);
            message.setLong(MSG_IOVLEN, 1);
            message.setPointer(MSG_CONTROL, control);
            message.setLong(MSG_CONTROLLEN, CONTROL_SIZE);
            try {
                libc.recvmsg(fd, message, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    continue;
                }
                return;
            }
            long now = System.nanoTime();
            long stamp = stampOf(control, message.getLong(MSG_CONTROLLEN));
            synchronized (lock) {
                if (count == kernelNanos.length) {
                    kernelNanos = Arrays.copyOf(kernelNanos, count * 2);
                    threadNanos = Arrays.copyOf(threadNanos, count * 2);
                }
                kernelNanos[count] = stamp;
                threadNanos[count] = now;
                count++;
            }
        }
    }

    /** The SCM_TIMESTAMPNS message's time in nanoseconds of the real-time clock; 0 without one. */
    private static long stampOf(Memory control, long controlLength) {
        if (controlLength < CMSG_DATA + 16 || control.getInt(CMSG_LEVEL) != SOL_SOCKET || control.getInt(CMSG_TYPE) != SO_TIMESTAMPNS) {
            return 0;
        }
        return control.getLong(CMSG_DATA) * 1_000_000_000L + control.getLong(CMSG_DATA + 8);
    }

    public int port() {
        return port;
    }

    /** When the kernel queued each datagram so far, in arrival order (real-time clock, ns; 0 where the kernel gave none). */
    public long[] kernelNanos() {
        synchronized (lock) {
            return Arrays.copyOf(kernelNanos, count);
        }
    }

    /** When the reading thread got each datagram so far ({@link System#nanoTime()}). */
    public long[] threadNanos() {
        synchronized (lock) {
            return Arrays.copyOf(threadNanos, count);
        }
    }

    public void clear() {
        synchronized (lock) {
            count = 0;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        libc.close(fd);
    }
}
