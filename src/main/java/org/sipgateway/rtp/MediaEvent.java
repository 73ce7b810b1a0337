package org.sipgateway.rtp;

/**
 * A playback started or ended (finished, replaced, or stopped by the call ending), or one of the
 * call's media sinks failed (FAILED, with the reason; no file).
 */
public record MediaEvent(Type type, String callId, String owner, String fileName, String reason) {

    public enum Type { STARTED, DONE, FAILED }

    @Override
    public String toString() {
        return type + " " + fileName + (reason == null ? "" : " (" + reason + ")");
    }
}
