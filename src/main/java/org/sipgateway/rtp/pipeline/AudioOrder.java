package org.sipgateway.rtp.pipeline;

import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.CallMedia;
import org.sipgateway.rtp.MediaSink;
import org.sipgateway.rtp.ReorderBuffer;
import org.sipgateway.rtp.RtpConstants;
import org.sipgateway.rtp.RtpFrame;

/**
 * The reorder and gap-fill stage: audio frames of one stream into sequence order, losses and
 * suppressed silence filled with the codec's silence ({@link ReorderBuffer}), handed to the sinks
 * that want audio. A new SSRC (a stream the source check followed) starts a new order.
 */
public final class AudioOrder {

    /**
     * Packets held to put late ones back in order: 3 x 20 ms, the most delay PROTOCOL.md §6 lets a
     * missing packet add. Nothing is held while packets arrive in order.
     */
    static final int WINDOW = 3;

    private final MediaSink[] sinks;
    private final java.util.function.BiConsumer<MediaSink, RuntimeException> failed;
    private final CallMedia call;
    private ReorderBuffer buffer;
    private long ssrc;
    private long gapsFilled;
    private long silenceSamples;

    public AudioOrder(MediaSink[] audioSinks, CallMedia call, java.util.function.BiConsumer<MediaSink, RuntimeException> failed) {
        this.sinks = audioSinks;
        this.failed = failed;
        this.call = call;
    }

    public void offer(RtpFrame frame) {
        if (buffer == null || frame.ssrc() != ssrc) {
            finish();
            ssrc = frame.ssrc();
            // An audio frame means the answer named the codec, and with it the silence to fill with.
            G711Codec codec = call.codec() == null ? G711Codec.PCMU : call.codec();
            buffer = new ReorderBuffer(WINDOW, codec.silence(), RtpConstants.SAMPLES_PER_PACKET, this::emit);
        }
        buffer.offer(frame.sequenceNumber(), frame.timestamp(), frame.buffer(), frame.payloadOffset(), frame.payloadLength());
    }

    /** Writes out what is held, e.g. when the call ends. */
    public void finish() {
        if (buffer != null) {
            buffer.flush();
            gapsFilled += buffer.gapsFilled();
            silenceSamples += buffer.silenceForTimestampGaps();
            buffer = null;
        }
    }

    private void emit(byte[] data, int offset, int length) {
        for (MediaSink sink : sinks) {
            try {
                sink.audio(data, offset, length);
            } catch (RuntimeException e) {
                failed.accept(sink, e);
            }
        }
    }

    public long gapsFilled() {
        return gapsFilled + (buffer == null ? 0 : buffer.gapsFilled());
    }

    public long silenceSamples() {
        return silenceSamples + (buffer == null ? 0 : buffer.silenceForTimestampGaps());
    }
}
