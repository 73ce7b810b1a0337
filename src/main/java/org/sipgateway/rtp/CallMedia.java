package org.sipgateway.rtp;

import java.net.InetSocketAddress;

import org.sipgateway.media.G711Codec;

/** What the media layer needs to know of a call; the values change as the call does. */
public interface CallMedia {

    String callId();

    /** The id of whoever owns the call (the WebSocket session); carried on media events. */
    String owner();

    int localRtpPort();

    /**
     * Another port from the pool, for when another process bound {@link #localRtpPort()} between
     * the pool's look and the bind; -1 when the port can no longer change (the offer left).
     */
    default int movePort() {
        return -1;
    }

    /** Where our audio goes now; null before the answer, on hold, or when the far end does not receive. */
    InetSocketAddress sendTo();

    /** The only source whose packets are accepted; null until the far end's media address is known. */
    InetSocketAddress expectFrom();

    /** The negotiated RTP payload type number (0 or 8, or a dynamic number mapped to one of them). */
    int payloadType();

    /** The far end's RFC 4733 telephone-event payload type; -1 when it offered none. */
    default int telephoneEventPayloadType() {
        return -1;
    }

    /**
     * Changes whenever the far end's SDP does (answer, re-INVITE): the receive pipeline then
     * follows a new stream (SSRC) from the media address.
     */
    default int mediaVersion() {
        return 0;
    }

    /** The negotiated codec; null until known. */
    G711Codec codec();

    boolean ended();
}
