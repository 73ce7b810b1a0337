package org.sipgateway.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The far end's media for the load benchmark: one UDP socket on 127.0.0.1 that every call's SDP
 * answer names, so it is the one source the gateway accepts for all calls. It learns each call's
 * gateway RTP port from the silence the call sends, then sends 50 packets/s to every port.
 * {@link #startCounting} counts what the gateway sends it, audio apart from silence.
 */
final class RtpLoadGenerator implements AutoCloseable {

    static final long PERIOD_NANOS = 20_000_000L;
    static final int PAYLOAD = 160;
    private static final int PACKET = 12 + PAYLOAD;
    /** Payload bytes that identify a packet: its send time (8, big-endian) and its 16-bit sequence number. */
    static final int STAMP_BYTES = 10;
    private static final byte MU_LAW_SILENCE = (byte) 0xFF;

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
     * per-target SSRC, sequence and timestamp, its {@link System#nanoTime()} at send in the
     * first 8 payload bytes and its sequence number in the next 2 (for a client that gets the
     * payload as a binary frame, without the header). The clock only parks (no spinning, which would take a core from the
     * gateway); a late wake-up is late on its own and the send time is taken at the send.
     */
    Sent send(List<InetSocketAddress> targets, int firstTick, int ticks, int slots) throws IOException {
        channel.configureBlocking(true);
        int n = targets.size();
        int groups = Math.max(1, Math.min(slots, n));
        ByteBuffer packet = ByteBuffer.allocateDirect(PACKET);
        for (int i = 12 + STAMP_BYTES; i < PACKET; i++) {
            packet.put(i, MU_LAW_SILENCE); // after the stamp
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
                    packet.putShort(20, (short) tick);
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

    /**
     * What the gateway's calls sent to the far end, as counted by {@link #startCounting}: a packet
     * is audio when a byte of its payload is not mu-law silence (0xFF), else silence (the
     * gateway's silence when idle); per call in the order of the list counting started with.
     */
    static final class Arrivals {
        final AtomicLong audio = new AtomicLong();
        final AtomicLong silence = new AtomicLong();
        final AtomicLong unknownSource = new AtomicLong();
        final AtomicLongArray audioPerCall;
        volatile long lastAudioNanos;

        Arrivals(int calls) {
            audioPerCall = new AtomicLongArray(calls);
        }
    }

    /**
     * From now on a thread of its own receives (the socket goes blocking, so {@link #drain} and
     * {@link #learnPorts} are for before) and counts what {@code calls} send, until {@link #close}.
     * It runs next to {@link #send} on the same socket: a UDP socket's receive and send do not
     * wait for each other. The gateway's packets have a 12-byte header (no CSRC, no extension).
     */
    Arrivals startCounting(List<InetSocketAddress> calls) throws IOException {
        channel.configureBlocking(true);
        Map<InetSocketAddress, Integer> index = new HashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            index.put(calls.get(i), i);
        }
        Arrivals arrivals = new Arrivals(calls.size());
        Thread reader = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
            while (channel.isOpen()) {
                buffer.clear();
                InetSocketAddress from;
                try {
                    from = (InetSocketAddress) channel.receive(buffer);
                } catch (IOException e) {
                    return; // closed
                }
                long now = System.nanoTime();
                Integer call = index.get(from);
                if (call == null) {
                    arrivals.unknownSource.incrementAndGet();
                    continue;
                }
                boolean audio = false;
                for (int i = 12; i < buffer.position() && !audio; i++) {
                    audio = buffer.get(i) != MU_LAW_SILENCE;
                }
                if (audio) {
                    arrivals.audio.incrementAndGet();
                    arrivals.audioPerCall.incrementAndGet(call);
                    arrivals.lastAudioNanos = now;
                } else {
                    arrivals.silence.incrementAndGet();
                }
            }
        }, "far-end-counter");
        reader.setDaemon(true);
        reader.start();
        return arrivals;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
