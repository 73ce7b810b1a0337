package org.sipgateway.rtp;

/**
 * A playback started or ended (finished, replaced, or stopped by the call ending), or one of the
 * call's media sinks failed (FAILED, with the reason; no file), or a client's mark was reached
 * (MARK_DONE) or dropped (MARK_CLEARED), its name in the file's place, or the client's queued
 * audio went above its high-water mark (MEDIA_XOFF) or back below the low one (MEDIA_XON).
 */
public record MediaEvent(Type type, String callId, String owner, String fileName, String reason) {

    public enum Type { STARTED, DONE, FAILED, MARK_DONE, MARK_CLEARED, MEDIA_XOFF, MEDIA_XON, DTMF_SENT }

    @Override
    public String toString() {
        return type + " " + fileName + (reason == null ? "" : " (" + reason + ")");
    }
}
