package org.sipgateway.rtp;

/** A playback started or ended (finished, replaced, or stopped by the call ending). */
public record MediaEvent(Type type, String callId, String owner, String fileName, String reason) {

    public enum Type { STARTED, DONE }

    @Override
    public String toString() {
        return type + " " + fileName + (reason == null ? "" : " (" + reason + ")");
    }
}
