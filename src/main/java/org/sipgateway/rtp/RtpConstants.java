package org.sipgateway.rtp;

/** Header names and fixed values of the {@code rtp} component. */
public final class RtpConstants {

    /** The call a media exchange is about (its SIP Call-ID). */
    public static final String CALL_ID = "CamelRtpCallId";
    /** The owner of the call (the WebSocket session id). */
    public static final String OWNER = "CamelRtpOwner";
    /** For {@code rtp:play}: the file's name, reported back in the events. */
    public static final String FILE = "CamelRtpFile";
    /** On {@code rtp:events}: STARTED, DONE or FAILED. */
    public static final String EVENT = "CamelRtpEvent";
    /** On {@code rtp:events}: why a playback ended early, or what failed. */
    public static final String REASON = "CamelRtpReason";
    /** Set by rtp:close: packets the call received, sent, and lost (gaps the reorder stage filled). */
    public static final String PACKETS_IN = "CamelRtpPacketsIn";
    public static final String PACKETS_OUT = "CamelRtpPacketsOut";
    public static final String PACKETS_LOST = "CamelRtpPacketsLost";

    public static final String OPERATION_OPEN = "open";
    public static final String OPERATION_CLOSE = "close";
    public static final String OPERATION_PLAY = "play";
    /** As play, after what is queued instead of replacing it. */
    public static final String OPERATION_QUEUE = "queue";
    public static final String OPERATION_STOP = "stop";
    public static final String OPERATION_STREAM = "stream";
    public static final String OPERATION_MARK = "mark";
    public static final String OPERATION_DTMF = "dtmf";
    public static final String EVENTS = "events";
    public static final String AUDIO = "audio";

    /** The sinks {@code rtp:open} gives a call when the route names none. */
    public static final String DEFAULT_SINKS = "clientAudio,recordings";

    /** RFC 3551 §4.5.14: G.711 at 8000 Hz, 20 ms per packet. */
    public static final int SAMPLES_PER_PACKET = 160;
    public static final long PACKET_NANOS = 20_000_000L;

    private RtpConstants() {
    }
}
