package org.sipgateway.rtp;

/**
 * Where a call's received audio goes: the owning session, the recording, a route's tap. One sink
 * per call, called on the call's event loop, one packet at a time; a sink must not block (hand
 * slow work to a thread of its own through a bounded buffer) and must copy what it keeps, since
 * the frame and the arrays are reused for the next packet.
 */
public interface MediaSink {

    /** Every accepted packet, as it arrived: source-checked and classified, not reordered. */
    default void packet(RtpFrame frame) {
    }

    /** True to receive {@link #audio}; the reorder stage runs only for calls with such a sink. */
    default boolean wantsAudio() {
        return false;
    }

    /**
     * The far end's audio in the call's codec, in sequence order, losses and suppressed silence
     * filled with silence (RFC 3550 §A.1, RFC 3551 §4.1): the audio as it should be heard.
     */
    default void audio(byte[] data, int offset, int length) {
    }

    /** True to receive {@link #sent}: the sink records both directions. */
    default boolean wantsSent() {
        return false;
    }

    /**
     * The gateway's own audio of one 20 ms tick in the call's codec, as it went into the call: a
     * file, the client's stream, or silence for a tick that carried no audio (nothing queued, a
     * telephone event, no far-end address yet). Called every tick once the codec is known, on the
     * call's event loop, so it and {@link #audio} never run at the same time.
     */
    default void sent(byte[] data, int offset, int length) {
    }

    /** The call's media ended; no more calls follow. */
    default void close() {
    }
}
