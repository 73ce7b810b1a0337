package org.sipgateway.testline;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.rtp.RtpParseResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket shared by all calls of a test line. A datagram is sent straight back to where it came from only
 * if it parses as RTP version 2 and comes from the remote media address of an active call; everything else is
 * counted as dropped.
 */
final class RtpEcho implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RtpEcho.class);
    private static final int MAX_DATAGRAM = 65535;

    private final DatagramSocket socket;
    private final Thread thread;
    private final Predicate<SocketAddress> knownPeer;
    private final boolean echo;
    private final AtomicLong echoed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    RtpEcho(InetAddress bindAddress, boolean echo, Predicate<SocketAddress> knownPeer, String name)
            throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(bindAddress, 0));
        this.echo = echo;
        this.knownPeer = knownPeer;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    long echoedPackets() {
        return echoed.get();
    }

    long droppedPackets() {
        return dropped.get();
    }

    private void run() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                packet.setData(buffer, 0, buffer.length);
                socket.receive(packet);
                if (shouldEcho(packet)) {
                    // The packet still holds the received bytes and the sender's address.
                    socket.send(packet);
                    echoed.incrementAndGet();
                } else {
                    dropped.incrementAndGet();
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("RTP echo on port {}: {}", socket.getLocalPort(), e.toString());
                }
            } catch (RuntimeException e) {
                LOG.error("RTP echo on port {} failed on a datagram", socket.getLocalPort(), e);
            }
        }
    }

    private boolean shouldEcho(DatagramPacket packet) {
        if (!echo) {
            return false;
        }
        RtpParseResult parsed = RtpPacket.parse(packet.getData(), packet.getOffset(), packet.getLength());
        if (!parsed.isOk() || parsed.packet().version() != RtpPacket.RTP_VERSION) {
            return false;
        }
        return knownPeer.test(packet.getSocketAddress());
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
