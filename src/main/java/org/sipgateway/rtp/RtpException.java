package org.sipgateway.rtp;

/** A media request that cannot be served; {@link #toWire()} is the one ERROR the client gets. */
public final class RtpException extends Exception {

    /** The call has no media to act on (not answered yet, or gone). */
    public static final String NO_CALL = "no-call";
    /** The file cannot be decoded (it changed on disk since it was checked at upload). */
    public static final String BAD_WAV = "bad-wav";
    /** More audio than the outbound queue may hold. */
    public static final String LIMIT = "limit";
    /** The far end takes no RFC 4733 events. */
    public static final String NO_DTMF = "bad-command";

    private final String code;

    public RtpException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public String toWire() {
        return "ERROR:" + code + ":" + getMessage().replaceAll("[\\r\\n]", " ");
    }
}
