package org.sipgateway.rtp.pipeline;

/** Why the pipeline dropped a datagram; each is counted per call and logged once. */
public enum Drop {
    MALFORMED("malformed RTP"),
    UNEXPECTED_SOURCE("RTP from an address that is not the call's far end"),
    FOREIGN_SSRC("RTP with another stream's SSRC");

    private final String description;

    Drop(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
