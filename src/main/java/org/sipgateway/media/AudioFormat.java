package org.sipgateway.media;

/**
 * A session's audio format on the WebSocket (PROTOCOL.md §6): 20 ms frames of G.711 bytes, of
 * 16-bit signed little-endian PCM at 8 or 16 kHz, or OFF for the RTP lines of §1.
 */
public enum AudioFormat {
    PCMU("pcmu", 160),
    PCMA("pcma", 160),
    L16("l16", 320),
    L16_16K("l16-16k", 640),
    OFF("off", 0);

    private final String wire;
    private final int frameBytes;

    AudioFormat(String wire, int frameBytes) {
        this.wire = wire;
        this.frameBytes = frameBytes;
    }

    public String wire() {
        return wire;
    }

    /** Bytes of one 20 ms frame; 0 for OFF. */
    public int frameBytes() {
        return frameBytes;
    }

    /** The format named on the wire; null for none. */
    public static AudioFormat fromWire(String name) {
        for (AudioFormat format : values()) {
            if (format.wire.equals(name)) {
                return format;
            }
        }
        return null;
    }
}
