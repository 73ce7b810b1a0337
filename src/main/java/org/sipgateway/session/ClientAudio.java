package org.sipgateway.session;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import org.apache.camel.Header;
import org.sipgateway.command.ServerText;
import org.sipgateway.media.AudioFormat;
import org.sipgateway.media.FrameConverter;
import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.CallMedia;
import org.sipgateway.rtp.LatencyHistogram;
import org.sipgateway.rtp.MediaSink;
import org.sipgateway.rtp.MediaSinkFactory;
import org.sipgateway.rtp.RtpConstants;
import org.sipgateway.rtp.RtpFrame;
import org.sipgateway.rtp.TelephoneEvents;
import org.sipgateway.rtp.pipeline.InboundPipeline;
import org.sipgateway.ws.GatewayWebsocketComponent;
import org.sipgateway.ws.SessionOutput;

/**
 * The media sink {@code clientAudio}: every packet the call accepts goes to the call's owner as
 * an {@code RTP:<hex>} line, straight from the call's event loop to its WebSocket connection. A
 * client too slow to take its audio loses lines rather than the gateway's memory.
 *
 * <p>Audio follows the call state that announces it (PROTOCOL.md §1: ANSWERED, "media flows", or
 * RINGING for early media): the call-events route calls {@link #stateSent} once it has handed the
 * state to the session, and packets that arrive before that (the far end can answer faster than
 * the state travels) wait, at most {@link #MAX_EARLY} of them, and go out first.
 *
 * <p>Watchers (PROTOCOL.md §9, {@code WATCH}) get the same audio in their own session's format,
 * from the same event loop: each is one more writer to its own connection, dropping what a slow
 * watcher cannot take, so a watcher never holds up the call or its owner.
 */
public final class ClientAudio implements MediaSinkFactory {

    /** Packets held before the call state went out: a second of audio. */
    static final int MAX_EARLY = 50;

    private final GatewayWebsocketComponent websocket;
    private final SessionRegistry sessions;
    private final LongConsumer latency;
    private final Map<String, CallAudio> calls = new ConcurrentHashMap<>();
    private static final LongConsumer UNMEASURED = nanos -> {
    };

    public ClientAudio(GatewayWebsocketComponent websocket, SessionRegistry sessions, LatencyHistogram latency) {
        this.websocket = websocket;
        this.sessions = sessions;
        this.latency = latency::recordNanos;
    }

    @Override
    public MediaSink open(CallMedia call, Consumer<String> failed) {
        SessionOutput output = websocket.output(call.owner());
        Lines owner = output == null ? null : new Lines(call, output, sessions.find(call.owner()), latency);
        CallAudio audio = new CallAudio(call, owner);
        calls.put(call.callId(), audio);
        return audio;
    }

    /**
     * Adds {@code watcher} to the call's audio from now on, after a {@code MEDIA_START} line if the
     * owner's audio has started; false when the call has no media open.
     */
    public boolean watch(String callId, Session watcher) {
        CallAudio audio = calls.get(callId);
        SessionOutput output = websocket.output(watcher.id());
        if (audio == null || output == null) {
            return false;
        }
        Lines lines = new Lines(audio.call, output, watcher, UNMEASURED);
        synchronized (audio) {
            if (audio.owner == null || audio.owner.announced) {
                announce(lines);
            }
            audio.add(lines);
        }
        return true;
    }

    /** True while the call's media is open (rtp:open ran and rtp:close has not). */
    public boolean hasMedia(String callId) {
        return callId != null && calls.containsKey(callId);
    }

    /** The watcher's audio of the call stops (it left, or the call is over). */
    public void unwatch(String callId, String watcherId) {
        CallAudio audio = callId == null ? null : calls.get(callId);
        if (audio != null) {
            audio.remove(watcherId);
        }
    }

    private static void announce(Lines lines) {
        G711Codec codec = lines.call.codec();
        if (codec != null) {
            lines.output.send(ServerText.mediaStart(codec.rtpName(), lines.callId));
        }
        lines.announced = true;
    }

    @Override
    public EventLoop preferredLoop(CallMedia call) {
        SessionOutput output = websocket.output(call.owner());
        return output == null ? null : output.eventLoop();
    }

    /**
     * The call-events route has sent this state to the owner; ANSWERED (or early media) lets audio
     * through, announced by one {@code MEDIA_START} line before the first audio.
     */
    public void stateSent(@Header(RtpConstants.CALL_ID) String callId, @Header("CamelSipCallState") String state,
                          @Header("CamelSipEarlyMedia") Boolean earlyMedia) {
        CallAudio audio = callId == null ? null : calls.get(callId);
        // RINGING announces audio only as early media: a 183 whose SDP named the far end's address.
        if (audio == null || !("ANSWERED".equals(state) || "RINGING".equals(state) && Boolean.TRUE.equals(earlyMedia))) {
            return;
        }
        synchronized (audio) {
            if (audio.owner != null && !audio.owner.announced) {
                announce(audio.owner);
            }
            for (Lines watcher : audio.watchers) {
                if (!watcher.announced) {
                    announce(watcher);
                }
            }
        }
    }

    /** One call's audio: its owner's lines (none for an owner without a WebSocket) and its watchers'. */
    private final class CallAudio implements MediaSink {

        private final CallMedia call;
        private final Lines owner;
        /** Copied on change, read on every packet: watchers come and go rarely. */
        private volatile Lines[] watchers = new Lines[0];

        CallAudio(CallMedia call, Lines owner) {
            this.call = call;
            this.owner = owner;
        }

        synchronized void add(Lines watcher) {
            Lines[] now = java.util.Arrays.copyOf(watchers, watchers.length + 1);
            now[now.length - 1] = watcher;
            watchers = now;
        }

        synchronized void remove(String watcherId) {
            watchers = java.util.Arrays.stream(watchers).filter(w -> !w.output.key().equals(watcherId)).toArray(Lines[]::new);
        }

        @Override
        public boolean wantsAudio() {
            return true;
        }

        @Override
        public void audio(byte[] data, int offset, int length) {
            if (owner != null) {
                owner.audio(data, offset, length);
            }
            for (Lines watcher : watchers) {
                watcher.audio(data, offset, length);
            }
        }

        @Override
        public void packet(RtpFrame frame) {
            if (owner != null) {
                owner.packet(frame);
            }
            for (Lines watcher : watchers) {
                watcher.packet(frame);
            }
        }

        @Override
        public void close() {
            calls.remove(call.callId(), this);
        }
    }

    private record Held(String line, long arrivalNanos) {
    }

    /** One call's audio to one session: its owner or a watcher. */
    private static final class Lines {

        private final String callId;
        private final CallMedia call;
        private final SessionOutput output;
        private final Session session;
        private final byte[] g711 = new byte[FrameConverter.SAMPLES];
        private final byte[] converted = new byte[AudioFormat.L16_16K.frameBytes()];
        /** One RTP line's text, before it is copied into the message's buffer in one go. */
        private final byte[] line = new byte[ServerText.rtpLineLength(InboundPipeline.MAX_DATAGRAM)];
        private final FrameConverter converter = new FrameConverter();
        private final TelephoneEvents keys = new TelephoneEvents();
        private int filled;
        /** When the packet that is being handed on arrived: a frame's latency is measured from it. */
        private long arrivalNanos;
        private final ArrayDeque<Held> early = new ArrayDeque<>();
        private final LongConsumer latency;
        private volatile boolean announced;

        Lines(CallMedia call, SessionOutput output, Session session, LongConsumer latency) {
            this.callId = call.callId();
            this.call = call;
            this.session = session;
            this.output = output;
            this.latency = latency;
        }

        private AudioFormat format() {
            return session == null ? AudioFormat.OFF : session.audioFormat();
        }

        /**
         * PROTOCOL.md §6: a session with an AUDIO_FORMAT gets the call's ordered audio as binary
         * frames of exactly 20 ms, cut from what the reorder stage hands on (packets, and the
         * silence it fills gaps with).
         */
        void audio(byte[] data, int offset, int length) {
            AudioFormat format = format();
            if (format == AudioFormat.OFF || !announced) {
                filled = 0;
                return;
            }
            G711Codec codec = call.codec();
            int at = offset;
            int end = offset + length;
            while (at < end) {
                int take = Math.min(end - at, g711.length - filled);
                System.arraycopy(data, at, g711, filled, take);
                filled += take;
                at += take;
                if (filled == g711.length) {
                    filled = 0;
                    int bytes = converter.convert(g711, 0, codec, format, converted);
                    ByteBuf frame = output.buffer(bytes);
                    frame.writeBytes(converted, 0, bytes);
                    output.sendDroppableBinary(frame, arrivalNanos, latency);
                }
            }
        }

        void packet(RtpFrame frame) {
            arrivalNanos = frame.arrivalNanos();
            if (format() != AudioFormat.OFF) {
                if (frame.kind() == RtpFrame.Kind.TELEPHONE_EVENT && announced) {
                    char key = keys.offer(frame.buffer(), frame.payloadOffset(), frame.payloadLength(), frame.timestamp());
                    if (key != 0) {
                        output.send(ServerText.dtmf(key));
                    }
                }
                return;
            }
            if (!announced) {
                if (early.size() < MAX_EARLY) {
                    early.addLast(new Held(ServerText.rtpLine(frame.buffer(), frame.offset(), frame.length()), frame.arrivalNanos()));
                }
                return;
            }
            while (!early.isEmpty()) {
                Held held = early.pollFirst();
                output.sendDroppable(held.line(), held.arrivalNanos(), latency);
            }
            int bytes = ServerText.rtpLine(frame.buffer(), frame.offset(), frame.length(), line);
            ByteBuf message = output.buffer(bytes);
            message.writeBytes(line, 0, bytes);
            output.sendDroppable(message, frame.arrivalNanos(), latency);
        }
    }
}
