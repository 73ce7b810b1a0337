package org.sipgateway.media;

/** The sample encodings {@link WavParser} accepts. */
public enum WavEncoding {
    /** Signed 16-bit little-endian linear PCM. */
    PCM16,
    /** 8-bit ITU-T G.711 mu-law. */
    MULAW,
    /** 8-bit ITU-T G.711 A-law. */
    ALAW
}
