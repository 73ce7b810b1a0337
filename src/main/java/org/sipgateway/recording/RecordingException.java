package org.sipgateway.recording;

/** A recording stopped (e.g. the disk is full); the call goes on. Reported once to the call's owner. */
public final class RecordingException extends Exception {

    private final String owner;

    public RecordingException(String owner, String message, Throwable cause) {
        super(message, cause);
        this.owner = owner;
    }

    public String owner() {
        return owner;
    }

    /** The reply the owner gets: {@code ERROR:internal:<text>}. */
    public String toWire() {
        return "ERROR:internal:" + getMessage().replaceAll("[\\r\\n]", " ");
    }
}
