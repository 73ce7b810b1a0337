package org.sipgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.rtp.RtpParseResult;

import static org.junit.jupiter.api.Assertions.fail;

/** A far end's RTP socket on loopback that keeps every datagram it receives, with its arrival time. */
public final class RtpSink implements AutoCloseable {

    public record Received(byte[] data, InetSocketAddress source, long arrivalNanos) {
        public RtpPacket packet() {
            RtpParseResult result = RtpPacket.parse(data, 0, data.length);
            if (!result.isOk()) {
                throw new AssertionError("not RTP: " + result.detail());
            }
            return result.packet();
        }
    }

    private final DatagramSocket socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread reader;

    public RtpSink() {
        try {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setReceiveBufferSize(4 * 1024 * 1024);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        reader = new Thread(this::read, "rtp-sink-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            received.add(new Received(Arrays.copyOf(packet.getData(), packet.getLength()),
                    (InetSocketAddress) packet.getSocketAddress(), System.nanoTime()));
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    public void send(byte[] data, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(data, data.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the datagrams one every 20 ms (absolute deadlines, no drift), as a far end's stream. */
    public void sendEvery20ms(List<byte[]> datagrams, InetSocketAddress to) {
        long next = System.nanoTime();
        for (byte[] datagram : datagrams) {
            java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
            send(datagram, to);
            next += 20_000_000L;
        }
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public void clear() {
        received.clear();
    }

    /** Waits until at least {@code count} datagrams arrived. */
    public List<Received> await(int count, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (received.size() < count) {
            if (System.nanoTime() > deadline) {
                fail("got " + received.size() + " of " + count + " RTP packets within " + wait);
            }
            Thread.sleep(10);
        }
        return received();
    }

    /** Decodes the payloads of these packets, in order, to 16-bit samples. */
    public static short[] decode(List<Received> packets, G711Codec codec) {
        int total = 0;
        for (Received r : packets) {
            total += r.packet().payloadLength();
        }
        short[] pcm = new short[total];
        int at = 0;
        for (Received r : packets) {
            RtpPacket p = r.packet();
            codec.decode(p.buffer(), p.payloadOffset(), pcm, at, p.payloadLength());
            at += p.payloadLength();
        }
        return pcm;
    }

    @Override
    public void close() {
        socket.close();
    }

    /**
     * The drift of a paced stream, insensitive to one late first or last packet: the slope of the
     * least-squares line through (index, arrival) is the stream's real period, and (slope -
     * {@code periodNanos}) x (N - 1) is what it gained or lost over the stream, in milliseconds.
     */
    public static double fittedDriftMs(List<Received> packets, long periodNanos) {
        return fittedDriftMs(packets.stream().mapToLong(Received::arrivalNanos).toArray(), periodNanos);
    }

    /** As {@link #fittedDriftMs(List, long)} for arrival times in nanoseconds, in order. */
    public static double fittedDriftMs(long[] arrivals, long periodNanos) {
        int n = arrivals.length;
        double meanIndex = (n - 1) / 2.0;
        double meanArrival = 0;
        for (long arrival : arrivals) {
            meanArrival += (arrival - arrivals[0]) / (double) n;
        }
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            double di = i - meanIndex;
            covariance += di * ((arrivals[i] - arrivals[0]) - meanArrival);
            variance += di * di;
        }
        return (covariance / variance - periodNanos) * (n - 1) / 1e6;
    }
}
