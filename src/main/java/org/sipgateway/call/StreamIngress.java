package org.sipgateway.call;

import org.sipgateway.media.AudioFormat;
import org.sipgateway.media.StreamDecoder;
import org.sipgateway.rtp.RtpComponent;
import org.sipgateway.rtp.RtpException;
import org.sipgateway.session.ActiveCall;
import org.sipgateway.session.Session;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.ws.BinaryFrames;

/**
 * A streaming client's binary frame straight into its call's outbound queue, on the connection's
 * event loop: what {@code CallControl.prepareStream} and {@code rtp:stream} do through the
 * routes, for the frames that need no answer. A frame that would be refused (no call, audio
 * off, a broken sample, a queue near its limit) is left to the routes, which say why.
 */
public final class StreamIngress implements BinaryFrames {


    private final SessionRegistry sessions;
    private final RtpComponent rtp;
    private final java.util.concurrent.atomic.LongAdder taken = new java.util.concurrent.atomic.LongAdder();

    public StreamIngress(SessionRegistry sessions, RtpComponent rtp) {
        this.sessions = sessions;
        this.rtp = rtp;
    }

    @Override
    public boolean take(String connectionKey, byte[] frame) {
        Session session = sessions.find(connectionKey);
        if (session == null) {
            return false;
        }
        AudioFormat format = session.audioFormat();
        if (format == AudioFormat.OFF || frame.length % StreamDecoder.bytesPerSample(format) != 0) {
            return false;
        }
        ActiveCall call = session.call();
        if (call == null || rtp.streamRoom(call.callId()) < mostSamples(frame.length, format)) {
            return false;
        }
        try {
            rtp.stream(call.callId(), session.decoder().decode(frame, format));
        } catch (RtpException e) {
            // The call ended between the look and the queueing: its client hears ENDED anyway.
        }
        taken.increment();
        return true;
    }

    /** Frames taken on the fast path since start. */
    public long taken() {
        return taken.sum();
    }

    /** The most 8 kHz samples a frame can add to the queue: its own, and the part packet left before it. */
    static long mostSamples(int bytes, AudioFormat format) {
        long samples = bytes / StreamDecoder.bytesPerSample(format);
        if (format == AudioFormat.L16_16K) {
            samples = samples / 2 + 1;
        }
        return samples + StreamDecoder.PACKET_SAMPLES;
    }
}
