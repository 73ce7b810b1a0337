package org.sipgateway.rtp;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.netty.channel.Channel;
import io.netty.channel.DefaultAddressedEnvelope;
import org.sipgateway.log.LogContext;
import org.sipgateway.media.G711Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's media: the socket that receives (and, symmetric RTP, also sends), the outbound
 * stream with its continuous sequence numbers and timestamps, the current playback, and the
 * counters of what was received and dropped. {@link #tick()} runs every 20 ms on the media clock.
 */
public final class MediaSession {

    private static final Logger LOG = LoggerFactory.getLogger(MediaSession.class);

    private final CallMedia call;
    private final boolean silenceWhenIdle;
    private final Executor events;
    private final Consumer<MediaEvent> publisher;
    private final RtpPacketWriter writer;
    private final byte[] frame = new byte[RtpConstants.SAMPLES_PER_PACKET];
    private volatile Channel channel;
    /**
     * The current playback. Every change of it and the event it causes happen under
     * {@link #transitions}, so a playback is reported DONE exactly once and its events reach the
     * call's queue in order (DONE of the old before STARTED of the new).
     */
    private final AtomicReference<Playback> playback = new AtomicReference<>();
    private final Object transitions = new Object();
    private boolean closed;
    /** True while nothing is being sent, so the next packet starts a talkspurt (marker bit). */
    private boolean paused = true;
    private boolean started;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong strangers = new AtomicLong();
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

    void bind(Channel bound) {
        channel = bound;
    }

    boolean bound() {
        return channel != null;
    }

    /**
     * Parses and checks one datagram (RFC 3550 §5.1); null when it is dropped: malformed, or from
     * anyone but the call's far end (RFC 3550 §8.2 source checks, in their simplest form).
     */
    ReceivedPacket accept(byte[] datagram, InetSocketAddress source, long arrivalNanos) {
        RtpParseResult result = RtpPacket.parse(datagram, 0, datagram.length);
        if (!result.isOk()) {
            if (malformed.getAndIncrement() == 0) {
                log("Dropping malformed RTP from {}: {} (further ones are only counted)", source, result.detail());
            }
            return null;
        }
        InetSocketAddress expected = call.expectFrom();
        if (expected == null || !expected.equals(source)) {
            if (strangers.getAndIncrement() == 0) {
                log("Dropping RTP from {}: the call's far end is {} (further ones are only counted)", source, expected);
            }
            return null;
        }
        received.incrementAndGet();
        return new ReceivedPacket(this, result.packet(), arrivalNanos);
    }

    /** Starts {@code pcm8k} at the next tick, replacing (and reporting) whatever was playing. */
    void play(String fileName, short[] pcm8k, G711Codec codec) throws RtpException {
        Playback next = new Playback(fileName, pcm8k, codec);
        synchronized (transitions) {
            if (closed) {
                throw new RtpException(RtpException.NO_CALL, "the call ended");
            }
            Playback previous = playback.getAndSet(null);
            if (previous != null) {
                emit(MediaEvent.Type.DONE, previous.fileName(), "replaced");
            }
            emit(MediaEvent.Type.STARTED, fileName, null);
            playback.set(next);
        }
        log("Playing {} ({} packets)", fileName, next.packets());
    }

    /** Stops the playback, if any, and reports it stopped. */
    void stop(String reason) {
        synchronized (transitions) {
            Playback previous = playback.getAndSet(null);
            if (previous != null) {
                emit(MediaEvent.Type.DONE, previous.fileName(), reason);
            }
        }
    }

    /** Stops for good: a later play is refused. */
    void close(String reason) {
        synchronized (transitions) {
            closed = true;
            stop(reason);
        }
    }

    /** One 20 ms step of the outbound stream: the next playback frame, silence, or nothing. */
    void tick() {
        if (call.ended()) {
            return;
        }
        Channel out = channel;
        InetSocketAddress to = call.sendTo();
        G711Codec codec = call.codec();
        if (out == null || to == null || codec == null) {
            idle();
            return;
        }
        Playback current = playback.get();
        if (current != null) {
            current.nextFrame(frame);
            if (current.done()) {
                synchronized (transitions) {
                    if (playback.compareAndSet(current, null)) {
                        emit(MediaEvent.Type.DONE, current.fileName(), null);
                    }
                }
            }
        } else if (silenceWhenIdle) {
            java.util.Arrays.fill(frame, codec.silence());
        } else {
            idle();
            return;
        }
        writer.setPayloadType(call.payloadType());
        byte[] packet = new byte[RtpPacket.FIXED_HEADER_LENGTH + frame.length];
        writer.write(frame, 0, frame.length, paused, packet);
        paused = false;
        started = true;
        out.writeAndFlush(new DefaultAddressedEnvelope<>(packet, to));
        sent.incrementAndGet();
    }

    /** Nothing sent this tick: the timestamp still moves with the clock (RFC 3550 §5.1). */
    private void idle() {
        if (started) {
            writer.skipSamples(RtpConstants.SAMPLES_PER_PACKET);
        }
        paused = true;
    }

    private void emit(MediaEvent.Type type, String fileName, String reason) {
        MediaEvent event = new MediaEvent(type, call.callId(), call.owner(), fileName, reason);
        events.execute(() -> publisher.accept(event));
    }

    private void log(String format, Object... args) {
        try (LogContext context = LogContext.of(call.owner(), call.callId())) {
            LOG.info(format, args);
        }
    }

    String summary() {
        return "received " + received.get() + ", sent " + sent.get() + ", dropped " + malformed.get()
                + " malformed and " + strangers.get() + " from unexpected sources";
    }

    public long received() {
        return received.get();
    }

    public long malformed() {
        return malformed.get();
    }

    public long strangers() {
        return strangers.get();
    }

    public long sent() {
        return sent.get();
    }
}
