package org.sipgateway.rtp;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.BitSet;

/**
 * Hands out RTP ports from a range: even ports for RTP, the next odd one kept free for RTCP
 * (RFC 3550 §11). The first call gets the bottom of the range; later calls go round the range so
 * a just-freed port is not reused at once (late packets of the old call would land in the new
 * one). A port another process holds is skipped.
 */
public final class RtpPortPool {

    private final InetAddress bindAddress;
    private final int min;
    private final int max;
    private final BitSet used = new BitSet();
    private int next;

    public RtpPortPool(InetAddress bindAddress, int min, int max) {
        if (min % 2 != 0) {
            throw new IllegalArgumentException("RTP port range must start on an even port, got " + min);
        }
        if (max <= min || min < 1024 || max > 65535) {
            throw new IllegalArgumentException("RTP port range " + min + "-" + max + " is not within 1024-65535 or is empty");
        }
        this.bindAddress = bindAddress;
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /** An even port whose pair is free right now; throws when the whole range is taken. */
    public synchronized int allocate() throws NoFreePortException {
        int pairs = (max - min + 1) / 2;
        for (int tried = 0; tried < pairs; tried++) {
            int port = next;
            next = port + 2 > max - 1 ? min : port + 2;
            if (!used.get(port - min) && bindable(port) && bindable(port + 1)) {
                used.set(port - min);
                return port;
            }
        }
        throw new NoFreePortException("no free RTP port pair in " + min + "-" + max + " (" + inUse() + " in use by calls)");
    }

    public synchronized void release(int port) {
        if (port >= min && port <= max) {
            used.clear(port - min);
        }
    }

    /** How many calls the range can hold at once: one even port (and its odd RTCP pair) each. */
    public int capacity() {
        return (max - min + 1) / 2;
    }

    public synchronized int inUse() {
        return used.cardinality();
    }

    private boolean bindable(int port) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(bindAddress, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The range is exhausted. */
    public static final class NoFreePortException extends Exception {
        public NoFreePortException(String message) {
            super(message);
        }
    }
}
