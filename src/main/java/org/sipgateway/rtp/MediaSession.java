package org.sipgateway.rtp;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import org.sipgateway.rtp.pipeline.InboundPipeline;
import org.sipgateway.log.LogContext;
import org.sipgateway.media.G711Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's media: the socket that receives (and, symmetric RTP, also sends), the outbound
 * stream with its continuous sequence numbers and timestamps, the queue of audio sources to play,
 * and the counters of what was sent. {@link #tick()} runs every 20 ms on the socket's own event
 * loop ({@link LoopClock}), so a packet is written without leaving that thread.
 */
public final class MediaSession {

    private static final Logger LOG = LoggerFactory.getLogger(MediaSession.class);

    private final CallMedia call;
    private final boolean silenceWhenIdle;
    private final Executor events;
    private final Consumer<MediaEvent> publisher;
    private final RtpPacketWriter writer;
    private final byte[] frame = new byte[RtpConstants.SAMPLES_PER_PACKET];
    /** A tick's worth of the codec's silence, for the record of a tick that sent no audio. */
    private final byte[] quiet = new byte[RtpConstants.SAMPLES_PER_PACKET];
    private G711Codec quietCodec;
    /** The codec whose silence {@link #frame} holds now; null once audio was put in it. */
    private G711Codec frameSilence;
    private final byte[] packet = new byte[RtpPacket.FIXED_HEADER_LENGTH + RtpConstants.SAMPLES_PER_PACKET];
    private final DtmfTicks.Tick dtmfTick = new DtmfTicks.Tick();
    /** The datagram each tick sends, reused while the previous send is done with it; see {@link #send}. */
    private DatagramPacket datagram;
    /** Whether this tick's packet is flushed at once; see {@link #tick(boolean)}. */
    private boolean flushNow = true;
    /** The channel holding a packet written by {@code tick(false)} and not flushed yet. */
    private Channel unflushed;
    private boolean released;
    private volatile Channel channel;
    private volatile InboundPipeline inbound;
    /**
     * What is to be played, the head playing now. Every change of it and the event it causes
     * happen under {@link #transitions}, so a playback is reported DONE exactly once and its
     * events reach the call's queue in order (DONE of the old before STARTED of the new).
     */
    private final ArrayDeque<Playback> sources = new ArrayDeque<>();
    /** Samples of the client's stream queued; flow state. All under {@link #transitions}. */
    private long streamQueued;
    private boolean xoff;
    private boolean refusedThisPeriod;
    private FlowLimits limits;
    private final Object transitions = new Object();
    private boolean closed;
    /** True while nothing is being sent, so the next packet starts a talkspurt (marker bit). */
    private boolean paused = true;
    private boolean started;

    private final AtomicLong sent = new AtomicLong();

    MediaSession(CallMedia call, boolean silenceWhenIdle, Executor events, Consumer<MediaEvent> publisher) {
        this.call = call;
        this.silenceWhenIdle = silenceWhenIdle;
        this.events = events;
        this.publisher = publisher;
        this.writer = new RtpPacketWriter(0);
    }

    public CallMedia call() {
        return call;
    }

    void bind(Channel bound, InboundPipeline pipeline) {
        inbound = pipeline;
        channel = bound;
    }

    Channel channel() {
        return channel;
    }

    boolean bound() {
        return channel != null;
    }

    /** Starts {@code pcm8k} at the next tick, replacing (and reporting) whatever was playing. */
    void play(String fileName, short[] pcm8k, G711Codec codec) throws RtpException {
        Playback next = new Playback(fileName, pcm8k, codec);
        synchronized (transitions) {
            if (closed) {
                throw new RtpException(RtpException.NO_CALL, "the call ended");
            }
            clearQueue("replaced", true);
            if (sources.isEmpty()) {
                emit(MediaEvent.Type.STARTED, fileName, null);
            }
            sources.addLast(next);
        }
        log("Playing {} ({} packets)", fileName, next.packets());
    }

    /** Stops the playback, if any, and reports it stopped. */
    void stop(String reason) {
        synchronized (transitions) {
            clearQueue(reason, !closed);
        }
    }

    /**
     * Empties the queue: the file playing is reported DONE, every pending mark MARK_CLEARED; with
     * {@code finishDigit}, a digit being sent stays to send its end packets (its DTMF_SENT then
     * names the digits that went out). Under the lock.
     */
    private void clearQueue(String reason, boolean finishDigit) {
        boolean head = true;
        Playback digitInProgress = null;
        for (Playback source : sources) {
            if (source.isMark()) {
                emit(MediaEvent.Type.MARK_CLEARED, source.fileName(), reason);
            } else if (head && source.isDtmf()) {
                if (finishDigit && source.keepOnlyDigitInProgress()) {
                    digitInProgress = source;
                }
            } else if (head) {
                emit(MediaEvent.Type.DONE, source.fileName(), reason);
            }
            head = false;
        }
        sources.clear();
        if (digitInProgress != null) {
            sources.addLast(digitInProgress);
        }
        drained(streamQueued);
    }

    /** Queues a mark after what is queued; MARK_DONE once everything before it has been sent. */
    void mark(String name) throws RtpException {
        synchronized (transitions) {
            if (closed) {
                throw new RtpException(RtpException.NO_CALL, "the call ended");
            }
            sources.addLast(Playback.mark(name));
        }
    }

    /**
     * Queues {@code pcm8k} after what is already queued; it starts (and is reported STARTED) when
     * everything before it has played.
     */
    void append(String fileName, short[] pcm8k, G711Codec codec) throws RtpException {
        Playback next = new Playback(fileName, pcm8k, codec);
        synchronized (transitions) {
            if (closed) {
                throw new RtpException(RtpException.NO_CALL, "the call ended");
            }
            if (sources.isEmpty()) {
                emit(MediaEvent.Type.STARTED, fileName, null);
            }
            sources.addLast(next);
        }
    }

    /**
     * Queues a piece of a client's stream (whole packets of 8 kHz samples) after what is queued.
     * Above the high-water mark the client is told MEDIA_XOFF, back below the low one MEDIA_XON.
     * A piece that would take the stream over the hard limit is not queued: the first such piece
     * of an XOFF period is refused with an error, later ones are dropped without one.
     */
    void stream(short[] pcm8k, G711Codec codec, FlowLimits limits) throws RtpException {
        synchronized (transitions) {
            if (closed) {
                throw new RtpException(RtpException.NO_CALL, "the call ended");
            }
            this.limits = limits;
            if (streamQueued + pcm8k.length > limits.max()) {
                if (refusedThisPeriod) {
                    return;
                }
                refusedThisPeriod = true;
                throw new RtpException(RtpException.LIMIT, "audio refused: " + (streamQueued / 8) + " ms already queued"
                        + " (limit " + (limits.max() / 8) + " ms); wait for MEDIA_XON");
            }
            if (pcm8k.length > 0) {
                sources.addLast(new Playback(null, pcm8k, codec));
                streamQueued += pcm8k.length;
            }
            if (!xoff && streamQueued > limits.high()) {
                xoff = true;
                emit(MediaEvent.Type.MEDIA_XOFF, null, null);
            }
        }
    }

    /** Samples the stream can still take before {@code limits} refuses a piece; -1 once closed. */
    long streamRoom(FlowLimits limits) {
        synchronized (transitions) {
            return closed ? -1 : limits.max() - streamQueued;
        }
    }

    /** The stream drained by {@code samples}; MEDIA_XON once below the low-water mark. Under the lock. */
    private void drained(long samples) {
        streamQueued = Math.max(0, streamQueued - samples);
        if (xoff && (limits == null || streamQueued < limits.low())) {
            xoff = false;
            refusedThisPeriod = false;
            emit(MediaEvent.Type.MEDIA_XON, null, null);
        }
    }

    /** Stops for good: a later play is refused. */
    void close(String reason) {
        synchronized (transitions) {
            closed = true;
            stop(reason);
        }
    }

    /** One 20 ms step of the outbound stream: the next source's frame, silence, or nothing. */
    void tick() {
        tick(true);
    }

    /**
     * As {@link #tick()}; with {@code flush} false the packet waits in the channel until
     * {@link #flush()}, so a clock can build its packets first and send them at the deadline.
     */
    void tick(boolean flush) {
        flushNow = flush;
        if (call.ended()) {
            return;
        }
        Channel out = channel;
        InetSocketAddress to = call.sendTo();
        G711Codec codec = call.codec();
        if (out == null || to == null || codec == null) {
            idle();
            recordQuiet(codec);
            return;
        }
        boolean event;
        boolean audio = false;
        // One lock per tick: the queue's head decides between an event and an audio frame.
        synchronized (transitions) {
            event = nextEvent(writer.nextTimestamp());
            if (!event) {
                audio = nextFrame();
            }
        }
        if (event) {
            int eventType = call.telephoneEventPayloadType();
            if (dtmfTick.send && eventType >= 0) {
                int length = writer.writeEvent(eventType, dtmfTick.event, dtmfTick.end, DtmfTicks.VOLUME, dtmfTick.duration,
                        dtmfTick.marker, dtmfTick.timestamp, packet);
                send(out, to, length);
            }
            // The event stands in for this tick's audio: the stream's clock moves on, and the
            // audio after it starts a new talkspurt (marker bit).
            writer.skipSamples(RtpConstants.SAMPLES_PER_PACKET);
            paused = true;
            started = true;
            recordQuiet(codec);
            return;
        }
        if (!audio) {
            if (!silenceWhenIdle) {
                idle();
                recordQuiet(codec);
                return;
            }
            if (frameSilence != codec) {
                java.util.Arrays.fill(frame, codec.silence());
                frameSilence = codec;
            }
        } else {
            frameSilence = null;
        }
        writer.setPayloadType(call.payloadType());
        int length = writer.write(frame, 0, frame.length, paused, packet);
        paused = false;
        started = true;
        send(out, to, length);
        record(frame);
    }

    /** The tick's audio to the sinks that record what the gateway sent. */
    private void record(byte[] audio) {
        InboundPipeline pipeline = inbound;
        if (pipeline != null) {
            pipeline.sent(audio, 0, audio.length);
        }
    }

    /** A tick that sent no audio is silence in the record, once the codec is known. */
    private void recordQuiet(G711Codec codec) {
        if (codec == null) {
            return;
        }
        if (codec != quietCodec) {
            java.util.Arrays.fill(quiet, codec.silence());
            quietCodec = codec;
        }
        record(quiet);
    }

    /**
     * Writes the packet from one direct buffer and datagram kept for the call: the send holds a
     * second reference, which Netty gives back once the datagram is on the socket, so the next
     * tick finds the buffer free again. A datagram still queued (or a new far-end address) gets
     * fresh ones; the old ones go when Netty is done with them.
     */
    private void send(Channel out, InetSocketAddress to, int length) {
        if (released) {
            return;
        }
        if (datagram == null || datagram.content().refCnt() != 1 || datagram.recipient() != to) {
            if (datagram != null) {
                datagram.release();
            }
            datagram = new DatagramPacket(out.alloc().directBuffer(packet.length), to);
        }
        datagram.content().clear().writeBytes(packet, 0, length);
        if (flushNow) {
            out.writeAndFlush(datagram.retain(), out.voidPromise());
        } else {
            out.write(datagram.retain(), out.voidPromise());
            unflushed = out;
        }
        sent.incrementAndGet();
    }

    /** Sends what the last {@code tick(false)} wrote, if anything. On the socket's event loop. */
    void flush() {
        Channel out = unflushed;
        if (out != null) {
            unflushed = null;
            out.flush();
        }
    }

    /** The call's media closed: its send buffer goes back to the pool. On the socket's event loop. */
    void release() {
        released = true;
        if (datagram != null) {
            datagram.release();
            datagram = null;
        }
    }

    /**
     * When digits are at the head of the queue, describes this tick of them in {@link #dtmfTick}
     * and returns true; digits all sent are reported DTMF_SENT. Under the lock.
     */
    private boolean nextEvent(long streamTimestamp) {
        marksReached();
        Playback head = sources.peekFirst();
        while (head != null && head.isDtmf()) {
            if (head.nextDtmfTick(dtmfTick, streamTimestamp)) {
                return true;
            }
            sources.pollFirst();
            emit(MediaEvent.Type.DTMF_SENT, head.digits(), null);
            marksReached();
            head = sources.peekFirst();
            if (head != null && !head.isDtmf()) {
                emit(MediaEvent.Type.STARTED, head.fileName(), null);
            }
        }
        return false;
    }

    /** SEND_DTMF: the digits as RFC 4733 events after what is queued. */
    void dtmf(String digits) throws RtpException {
        synchronized (transitions) {
            if (closed) {
                throw new RtpException(RtpException.NO_CALL, "the call ended");
            }
            sources.addLast(Playback.dtmf(digits));
        }
    }

    /** Reports the marks at the head of the queue as reached. Under the lock. */
    private void marksReached() {
        while (sources.peekFirst() != null && sources.peekFirst().isMark()) {
            emit(MediaEvent.Type.MARK_DONE, sources.pollFirst().fileName(), null);
        }
    }

    /** Fills {@link #frame} from the head source; false when nothing is queued. Under the lock. */
    private boolean nextFrame() {
        marksReached();
        Playback current = sources.peekFirst();
        if (current == null) {
            return false;
        }
        int before = current.remainingSamples();
        current.nextFrame(frame);
        if (current.fileName() == null) {
            drained(before - current.remainingSamples());
        }
        if (current.done()) {
            sources.pollFirst();
            emit(MediaEvent.Type.DONE, current.fileName(), null);
            // The packet with the last audio before a mark is written in this tick.
            marksReached();
            Playback following = sources.peekFirst();
            if (following != null && !following.isDtmf()) {
                emit(MediaEvent.Type.STARTED, following.fileName(), null);
            }
        }
        return true;
    }

    /** Nothing sent this tick: the timestamp still moves with the clock (RFC 3550 §5.1). */
    private void idle() {
        if (started) {
            writer.skipSamples(RtpConstants.SAMPLES_PER_PACKET);
        }
        paused = true;
    }

    private void emit(MediaEvent.Type type, String fileName, String reason) {
        if (fileName == null && (type == MediaEvent.Type.STARTED || type == MediaEvent.Type.DONE)) {
            return; // a piece of a client's stream
        }
        MediaEvent event = new MediaEvent(type, call.callId(), call.owner(), fileName, reason);
        events.execute(() -> publisher.accept(event));
    }

    private void log(String format, Object... args) {
        try (LogContext context = LogContext.of(call.owner(), call.callId())) {
            LOG.info(format, args);
        }
    }

    String summary() {
        InboundPipeline pipeline = inbound;
        return pipeline == null ? "received 0, sent " + sent.get() : pipeline.summary(sent.get());
    }

    /** What the receive side counted; null before the socket is bound. */
    public InboundPipeline inbound() {
        return inbound;
    }

    public long sent() {
        return sent.get();
    }
}
