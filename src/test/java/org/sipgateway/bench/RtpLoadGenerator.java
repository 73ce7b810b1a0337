package org.sipgateway.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The far end's media for the load benchmark: one UDP socket on 127.0.0.1 that every call's SDP
 * answer names, so it is the one source the gateway accepts for all calls. It learns each call's
 * gateway RTP port from the silence the call sends, then sends 50 packets/s to every port.
 */
final class RtpLoadGenerator implements AutoCloseable {

    static final long PERIOD_NANOS = 20_000_000L;
    static final int PAYLOAD = 160;
    private static final int PACKET = 12 + PAYLOAD;

    private final DatagramChannel channel;

    /** What one steady window sent; {@code maxLateNanos} is how far behind its clock the sender fell at worst. */
    record Sent(long packets, long firstSendNanos, long lastSendNanos, long maxLateNanos) {
    }

    RtpLoadGenerator(int bufferBytes) throws IOException {
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, bufferBytes);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, bufferBytes);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** The buffer sizes the kernel granted (Linux reports twice the bytes asked, capped by rmem_max/wmem_max). */
    String buffers() throws IOException {
        return "SO_SNDBUF " + channel.getOption(StandardSocketOptions.SO_SNDBUF) + ", SO_RCVBUF "
                + channel.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    /** Discards whatever has been received so far. */
    void drain() throws IOException {
        channel.configureBlocking(false);
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        do {
            buffer.clear();
        } while (channel.receive(buffer) != null);
    }

    /** Reads until {@code expected} distinct source addresses were seen or {@code wait} is over. */
    List<InetSocketAddress> learnPorts(int expected, Duration wait) throws IOException {
        channel.configureBlocking(false);
        Set<InetSocketAddress> seen = new LinkedHashSet<>();
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        long deadline = System.nanoTime() + wait.toNanos();
        while (seen.size() < expected && System.nanoTime() < deadline) {
            buffer.clear();
            InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
            if (from == null) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            } else {
                seen.add(from);
            }
        }
        return new ArrayList<>(seen);
    }

    /**
     * Sends {@code ticks} packets to every target on an absolute 20 ms clock, from this thread;
     * the first is packet {@code firstTick} of each stream (sequence number and timestamp), so a
     * second call continues the streams of the first.
     * The period is cut into {@code slots} equal slots and the targets into as many groups; group
     * g goes out at {@code start + tick x 20 ms + g x 20 ms / slots}, so with 1 slot every call's
     * packet leaves in the same instant. Each packet is RTP v2, PCMU, 160 bytes of payload, with a
     * per-target SSRC, sequence and timestamp, and its {@link System#nanoTime()} at send in the
     * first 8 payload bytes. The clock only parks (no spinning, which would take a core from the
     * gateway); a late wake-up is late on its own and the send time is taken at the send.
     */
    Sent send(List<InetSocketAddress> targets, int firstTick, int ticks, int slots) throws IOException {
        channel.configureBlocking(true);
        int n = targets.size();
        int groups = Math.max(1, Math.min(slots, n));
        ByteBuffer packet = ByteBuffer.allocateDirect(PACKET);
        for (int i = 12; i < PACKET; i++) {
            packet.put(i, (byte) 0xFF); // mu-law silence after the send time
        }
        packet.put(0, (byte) 0x80); // V=2, no padding, extension or CSRC
        long sent = 0;
        long first = 0;
        long last = 0;
        long maxLate = 0;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (int t = 0; t < ticks; t++) {
            int tick = firstTick + t;
            for (int g = 0; g < groups; g++) {
                long due = start + t * PERIOD_NANOS + g * PERIOD_NANOS / groups;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                maxLate = Math.max(maxLate, -wait);
                for (int i = g * n / groups; i < (g + 1) * n / groups; i++) {
                    packet.put(1, (byte) (tick == 0 ? 0x80 : 0x00)); // marker on the first packet, PT 0
                    packet.putShort(2, (short) tick);
                    packet.putInt(4, PAYLOAD * tick);
                    packet.putInt(8, 0x5EED0000 + i);
                    long now = System.nanoTime();
                    packet.putLong(12, now);
                    packet.clear();
                    sent += channel.send(packet, targets.get(i)) > 0 ? 1 : 0;
                    if (first == 0) {
                        first = now;
                    }
                    last = now;
                }
            }
        }
        return new Sent(sent, first, last, maxLate);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
