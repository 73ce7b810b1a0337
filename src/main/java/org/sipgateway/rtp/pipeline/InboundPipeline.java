package org.sipgateway.rtp.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.sipgateway.log.LogContext;
import org.sipgateway.rtp.CallMedia;
import org.sipgateway.rtp.MediaSink;
import org.sipgateway.rtp.RtpFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's receive path, the only handler on its socket's channel: parse -> source check ->
 * classify -> sinks as the packet arrived, and for sinks that want audio, reorder and gap fill ->
 * sinks. Everything runs on the socket's event loop, in one pass, without a thread hop; the
 * datagram is copied once, into this pipeline's own array. A new stage is one class implementing
 * {@link PacketStage}, added to {@link #stages}. Sharable only in Netty's sense: a call whose
 * first bind failed (its port taken) hands it to the channel of its next port; one channel at a
 * time ever uses it.
 */
@ChannelHandler.Sharable
public final class InboundPipeline extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(InboundPipeline.class);
    /** Larger datagrams are not RTP this gateway handles (G.711 at 20 ms is 172 bytes). */
    public static final int MAX_DATAGRAM = 2048;

    private final CallMedia call;
    private final SourceCheck source;
    private final List<PacketStage> stages;
    private final MediaSink[] sinks;
    private final AudioOrder order;
    /** The sinks that also take the gateway's own audio ({@link MediaSink#sent}). */
    private final MediaSink[] sentSinks;
    private final byte[] datagram = new byte[MAX_DATAGRAM];
    private final RtpFrame frame = new RtpFrame();
    private final AtomicLongArray drops = new AtomicLongArray(Drop.values().length);
    private volatile long received;
    /** Set when the call's media closes: a packet still arriving reaches no sink (none after ENDED). */
    private volatile boolean stopped;
    private long audio;
    private boolean sinkFailureLogged;

    public InboundPipeline(CallMedia call, List<MediaSink> sinks) {
        super(true);
        this.call = call;
        this.source = new SourceCheck(call);
        this.stages = List.of(source, new Classifier(call));
        this.sinks = sinks.toArray(new MediaSink[0]);
        List<MediaSink> audioSinks = new ArrayList<>();
        for (MediaSink sink : sinks) {
            if (sink.wantsAudio()) {
                audioSinks.add(sink);
            }
        }
        this.order = audioSinks.isEmpty() ? null : new AudioOrder(audioSinks.toArray(new MediaSink[0]), call, this::sinkFailed);
        this.sentSinks = sinks.stream().filter(MediaSink::wantsSent).toArray(MediaSink[]::new);
    }

    /**
     * One tick of what the gateway sent (the send side's {@code MediaSession} on this same event
     * loop), for the sinks that record both directions; nothing once the call's media stopped.
     */
    public void sent(byte[] data, int offset, int length) {
        if (stopped) {
            return;
        }
        for (MediaSink sink : sentSinks) {
            try {
                sink.sent(data, offset, length);
            } catch (RuntimeException e) {
                sinkFailed(sink, e);
            }
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
        if (stopped) {
            return;
        }
        long arrival = System.nanoTime();
        ByteBuf content = packet.content();
        int length = Math.min(content.readableBytes(), MAX_DATAGRAM);
        content.getBytes(content.readerIndex(), datagram, 0, length);
        frame.arrived(packet.sender(), arrival);
        process(length);
    }

    /** The pipeline proper, apart from Netty: the datagram is in {@link #datagram}. */
    void process(int length) {
        if (!frame.parse(datagram, 0, length)) {
            drop(Drop.MALFORMED, null);
            return;
        }
        for (int i = 0; i < stages.size(); i++) {
            PacketStage stage = stages.get(i);
            Drop reason = stage.check(frame);
            if (reason != null) {
                drop(reason, stage);
                return;
            }
        }
        received++;
        for (MediaSink sink : sinks) {
            try {
                sink.packet(frame);
            } catch (RuntimeException e) {
                sinkFailed(sink, e);
            }
        }
        if (order != null && frame.kind() == RtpFrame.Kind.AUDIO) {
            audio++;
            order.offer(frame);
        }
    }

    /** For tests: runs the pipeline on a datagram as if it had arrived from {@code from} now. */
    public void receive(byte[] bytes, java.net.InetSocketAddress from, long arrivalNanos) {
        int length = Math.min(bytes.length, MAX_DATAGRAM);
        System.arraycopy(bytes, 0, datagram, 0, length);
        frame.arrived(from, arrivalNanos);
        process(length);
    }

    private void drop(Drop reason, PacketStage stage) {
        if (drops.getAndIncrement(reason.ordinal()) == 0) {
            String why = stage != null ? stage.explain(reason, frame)
                    : "malformed RTP from " + frame.source() + ": " + frame.failureResult().detail();
            log("Dropping {} (further ones are only counted)", why);
        }
    }

    private void sinkFailed(MediaSink sink, RuntimeException e) {
        if (!sinkFailureLogged) {
            sinkFailureLogged = true;
            try (LogContext context = LogContext.of(call.owner(), call.callId())) {
                LOG.error("Media sink {} failed; the call's other sinks go on", sink.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log("RTP socket error: {}", cause.toString());
    }

    /** From now on received packets are dropped; any thread. */
    public void stop() {
        stopped = true;
    }

    /** The call ended: held audio is written out, every sink is closed. Run on the event loop. */
    public void finish() {
        stopped = true;
        if (order != null) {
            order.finish();
        }
        for (MediaSink sink : sinks) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                sinkFailed(sink, e);
            }
        }
    }

    private void log(String format, Object... args) {
        try (LogContext context = LogContext.of(call.owner(), call.callId())) {
            LOG.info(format, args);
        }
    }

    public long received() {
        return received;
    }

    /** Packets missing from the audio stream, filled with silence; 0 for a call without an audio sink. */
    public long lost() {
        return order == null ? 0 : order.gapsFilled();
    }

    public long droppedTotal() {
        long total = 0;
        for (Drop reason : Drop.values()) {
            total += drops.get(reason.ordinal());
        }
        return total;
    }

    public long dropped(Drop reason) {
        return drops.get(reason.ordinal());
    }

    /** The call's one-line media summary, with what the send side counted. */
    public String summary(long sent) {
        StringBuilder out = new StringBuilder("received ").append(received).append(", sent ").append(sent);
        out.append(", dropped ").append(dropped(Drop.MALFORMED)).append(" malformed and ")
                .append(dropped(Drop.UNEXPECTED_SOURCE)).append(" from unexpected sources");
        if (dropped(Drop.FOREIGN_SSRC) > 0) {
            out.append(", ").append(dropped(Drop.FOREIGN_SSRC)).append(" with a foreign SSRC");
        }
        if (source.ssrcChanges() > 0) {
            out.append(", followed ").append(source.ssrcChanges()).append(" SSRC change(s)");
        }
        if (order != null) {
            out.append(", ").append(audio).append(" audio packets, ").append(order.gapsFilled()).append(" lost ones filled");
        }
        return out.toString();
    }
}
