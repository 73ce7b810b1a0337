package org.sipgateway.rtp;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipgateway.bench.MediaFixture;
import org.sipgateway.rtp.pipeline.Drop;
import org.sipgateway.rtp.pipeline.InboundPipeline;
import org.slf4j.LoggerFactory;

/**
 * Issue 8 item 6: what the media paths allocate in their steady state, from a JFR recording of
 * {@code jdk.ObjectAllocationSample} (sampled, weighted by the bytes each sample stands for),
 * cross-checked against the thread's own allocation counter.
 *
 * <ul>
 * <li>inbound: {@link InboundPipeline#receive} on one thread with the two sinks of
 *     {@link MediaFixture} (the RTP line and the recording's ring), as ExchangePerPacketBenchmark's
 *     pipeline variant. Netty's own receive (its DatagramPacket, the pooled ByteBuf) is not in it.</li>
 * <li>inbound socket: the same pipeline as the only handler of a real UDP socket on 127.0.0.1
 *     (with the rtp component's receive options), fed by a far-end socket in the test thread that
 *     keeps at most {@link #IN_FLIGHT} packets ahead, so nothing is lost; counted on the event loop.</li>
 * <li>outbound: {@link MediaSession#tick()} sending silence, back to back, on the event loop of a
 *     real UDP socket bound on 127.0.0.1 (native epoll where available, NIO otherwise, as the rtp
 *     component chooses) to a bound socket that nobody reads.</li>
 * </ul>
 *
 * <p>Each warms up for {@link #WARMUP_MS}, then records for {@link #SETTLE_MS} and
 * {@link #RECORD_MS}, and prints the top allocating classes and sites of the measured thread.
 * Recordings stay in target/jfr.
 * Run: mvn -B -q -o test -Pbench -Dtest=MediaAllocationBenchmark
 * (options: -Dbench.warmup.ms=2000 -Dbench.record.ms=10000)
 */
@Tag("benchmark")
class MediaAllocationBenchmark {

    static final long WARMUP_MS = Long.getLong("bench.warmup.ms", 2000);
    static final long RECORD_MS = Long.getLong("bench.record.ms", 10_000);
    /**
     * Recorded but not counted: a sample's weight is what its thread allocated since its previous
     * sample, so the first ones after the start would carry the warm-up's allocation.
     */
    static final long SETTLE_MS = 1000;
    static final int TOP = 8;
    private static final int TICKS_PER_TASK = 200;
    private static final int IN_FLIGHT = 64;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    @Test
    void inboundPipeline() throws Exception {
        TestCallMedia call = new TestCallMedia();
        MediaFixture.LineSink lines = new MediaFixture.LineSink();
        MediaFixture.RingSink ring = new MediaFixture.RingSink();
        InboundPipeline pipeline = MediaFixture.pipeline(call, lines, ring);
        MediaFixture.FarEnd farEnd = new MediaFixture.FarEnd(call.farEnd, 0x5eed);
        receive(pipeline, farEnd, WARMUP_MS);

        long thread = Thread.currentThread().getId();
        try (Recording recording = allocationRecording()) {
            recording.start();
            receive(pipeline, farEnd, SETTLE_MS);
            Instant from = Instant.now();
            long bytes = THREADS.getCurrentThreadAllocatedBytes();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long packets = receive(pipeline, farEnd, RECORD_MS);
            bytes = THREADS.getCurrentThreadAllocatedBytes() - bytes;
            cpu = THREADS.getCurrentThreadCpuTime() - cpu;
            recording.stop();
            Path file = dump(recording, "inbound-pipeline.jfr");
            System.out.printf("%nBENCHMARK allocation, inbound pipeline: %d packets in %d ms, %.0f ns CPU and %.1f bytes "
                    + "allocated per packet (thread counter), %d lines, %d audio frames; %s%n", packets, RECORD_MS,
                    (double) cpu / packets, (double) bytes / packets, lines.lines, ring.bytes / MediaFixture.PAYLOAD, file);
            report(file, from, thread, packets, "packet");
        }
    }

    @Test
    void inboundSocket() throws Exception {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        try (DatagramChannel sender = DatagramChannel.open()) {
            sender.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            TestCallMedia call = new TestCallMedia();
            call.farEnd = (InetSocketAddress) sender.getLocalAddress();
            MediaFixture.LineSink lines = new MediaFixture.LineSink();
            MediaFixture.RingSink ring = new MediaFixture.RingSink();
            InboundPipeline pipeline = MediaFixture.pipeline(call, lines, ring);
            Channel channel = new Bootstrap().group(group)
                    .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(InboundPipeline.MAX_DATAGRAM))
                    .handler(pipeline)
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            InetSocketAddress to = (InetSocketAddress) channel.localAddress();
            long thread = channel.eventLoop().submit(() -> Thread.currentThread().getId()).get();
            MediaFixture.FarEnd farEnd = new MediaFixture.FarEnd(call.farEnd, 0x5eed);
            ByteBuffer out = ByteBuffer.wrap(farEnd.datagram);

            send(sender, out, farEnd, to, pipeline, WARMUP_MS);
            try (Recording recording = allocationRecording()) {
                recording.start();
                send(sender, out, farEnd, to, pipeline, SETTLE_MS);
                Instant from = Instant.now();
                long received = pipeline.received();
                long bytes = THREADS.getThreadAllocatedBytes(thread);
                long cpu = THREADS.getThreadCpuTime(thread);
                send(sender, out, farEnd, to, pipeline, RECORD_MS);
                bytes = THREADS.getThreadAllocatedBytes(thread) - bytes;
                cpu = THREADS.getThreadCpuTime(thread) - cpu;
                received = pipeline.received() - received;
                recording.stop();
                Path file = dump(recording, "inbound-socket.jfr");
                System.out.printf("%nBENCHMARK allocation, inbound pipeline on a %s socket: %d packets received in %d ms, %.0f ns "
                        + "CPU and %.1f bytes allocated per packet (event-loop thread counter), %d malformed, %d from "
                        + "unexpected sources; %s%n", epoll ? "native epoll" : "NIO", received, RECORD_MS, (double) cpu / received,
                        (double) bytes / received, pipeline.dropped(Drop.MALFORMED), pipeline.dropped(Drop.UNEXPECTED_SOURCE), file);
                report(file, from, thread, received, "packet");
            }
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Sends for {@code millis}, at most {@link #IN_FLIGHT} packets ahead of the pipeline, so that none is lost. */
    private static void send(DatagramChannel sender, ByteBuffer out, MediaFixture.FarEnd farEnd, InetSocketAddress to,
                             InboundPipeline pipeline, long millis) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long sent = pipeline.received();
        while (System.nanoTime() < end) {
            while (sent - pipeline.received() >= IN_FLIGHT) {
                Thread.onSpinWait();
            }
            farEnd.next();
            out.clear();
            sender.send(out, to);
            sent++;
        }
        while (pipeline.received() < sent && System.nanoTime() < end + 1_000_000_000L) {
            Thread.onSpinWait();
        }
    }

    private static long receive(InboundPipeline pipeline, MediaFixture.FarEnd farEnd, long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long packets = 0;
        long now;
        do {
            now = System.nanoTime();
            pipeline.receive(farEnd.next(), farEnd.address, now);
            packets++;
        } while (now < end);
        return packets;
    }

    @Test
    void outboundTick() throws Exception {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        try (DatagramChannel farEnd = DatagramChannel.open()) {
            farEnd.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            TestCallMedia call = new TestCallMedia();
            call.farEnd = (InetSocketAddress) farEnd.getLocalAddress();
            Channel channel = new Bootstrap().group(group)
                    .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            MediaSession session = new MediaSession(call, true, Runnable::run, event -> {
            });
            session.bind(channel, null);
            EventLoop loop = channel.eventLoop();
            long thread = loop.submit(() -> Thread.currentThread().getId()).get();

            ticks(session, loop, WARMUP_MS).get();
            try (Recording recording = allocationRecording()) {
                recording.start();
                ticks(session, loop, SETTLE_MS).get();
                Instant from = Instant.now();
                long sentBefore = session.sent();
                long bytes = THREADS.getThreadAllocatedBytes(thread);
                long cpu = THREADS.getThreadCpuTime(thread);
                ticks(session, loop, RECORD_MS).get();
                bytes = THREADS.getThreadAllocatedBytes(thread) - bytes;
                cpu = THREADS.getThreadCpuTime(thread) - cpu;
                long sent = session.sent() - sentBefore;
                recording.stop();
                Path file = dump(recording, "outbound-tick.jfr");
                System.out.printf("%nBENCHMARK allocation, outbound MediaSession.tick() on %s: %d packets sent in %d ms, %.0f ns "
                        + "CPU and %.1f bytes allocated per packet (event-loop thread counter); %s%n", epoll ? "native epoll" : "NIO",
                        sent, RECORD_MS, (double) cpu / sent, (double) bytes / sent, file);
                report(file, from, thread, sent, "packet");
            }
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Ticks back to back for {@code millis}, in short tasks so that the loop still does its I/O between them. */
    private static CompletableFuture<Void> ticks(MediaSession session, EventLoop loop, long millis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        Runnable batch = new Runnable() {
            @Override
            public void run() {
                for (int i = 0; i < TICKS_PER_TASK; i++) {
                    session.tick();
                }
                if (System.nanoTime() < end) {
                    loop.execute(this);
                } else {
                    done.complete(null);
                }
            }
        };
        loop.execute(batch);
        return done;
    }

    private static Recording allocationRecording() {
        Recording recording = new Recording();
        recording.setName("media-allocation");
        recording.enable("jdk.ObjectAllocationSample").with("throttle", "2000/s").withStackTrace();
        return recording;
    }

    private static Path dump(Recording recording, String name) throws Exception {
        Path dir = Path.of("target", "jfr");
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        recording.dump(file);
        return file;
    }

    /** The measured thread's sampled allocations by class and by site, weighted, per unit of work. */
    private static void report(Path file, Instant from, long thread, long units, String unit) throws Exception {
        Map<String, long[]> byClass = new HashMap<>();
        Map<String, long[]> bySite = new HashMap<>();
        long total = 0;
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ObjectAllocationSample") || event.getStartTime().isBefore(from)) {
                continue;
            }
            long weight = event.getLong("weight");
            RecordedThread by = event.getThread();
            if (by == null || by.getJavaThreadId() != thread) {
                continue;
            }
            String type = event.getClass("objectClass").getName();
            add(byClass, type, weight);
            add(bySite, type + " at " + site(event.getStackTrace()), weight);
            total += weight;
            samples++;
        }
        System.out.printf("JFR jdk.ObjectAllocationSample on the measured thread: %d samples standing for %.1f MiB, %.1f bytes "
                + "per %s%n", samples, total / 1048576.0, (double) total / units, unit);
        print("by class", byClass, total, units, unit);
        print("by site (top frame <- first org.sipgateway frame)", bySite, total, units, unit);
    }

    private static void add(Map<String, long[]> map, String key, long weight) {
        long[] value = map.computeIfAbsent(key, k -> new long[2]);
        value[0] += weight;
        value[1]++;
    }

    private static String site(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "?";
        }
        List<RecordedFrame> frames = stack.getFrames();
        String top = frame(frames.get(0));
        for (RecordedFrame frame : frames) {
            if (frame.getMethod().getType().getName().startsWith("org.sipgateway.")) {
                String ours = frame(frame);
                return ours.equals(top) ? top : top + " <- " + ours;
            }
        }
        return top;
    }

    private static String frame(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName() + ":" + frame.getLineNumber();
    }

    private static void print(String title, Map<String, long[]> map, long total, long units, String unit) {
        System.out.printf("  %s:%n  %7s %9s %8s  %s%n", title, "share %", "B/" + unit, "samples", "what");
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(map.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        for (Map.Entry<String, long[]> row : rows.subList(0, Math.min(TOP, rows.size()))) {
            long weight = row.getValue()[0];
            System.out.printf("  %7.1f %9.1f %8d  %s%n", 100.0 * weight / Math.max(1, total), (double) weight / units,
                    row.getValue()[1], row.getKey());
        }
    }
}
