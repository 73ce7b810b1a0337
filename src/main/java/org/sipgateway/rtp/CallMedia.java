package org.sipgateway.rtp;

import java.net.InetSocketAddress;

import org.sipgateway.media.G711Codec;

/** What the media layer needs to know of a call; the values change as the call does. */
public interface CallMedia {

    String callId();

    /** The id of whoever owns the call (the WebSocket session); carried on media events. */
    String owner();

    int localRtpPort();

    /** Where our audio goes now; null before the answer, on hold, or when the far end does not receive. */
    InetSocketAddress sendTo();

    /** The only source whose packets are accepted; null until the far end's media address is known. */
    InetSocketAddress expectFrom();

    /** The negotiated RTP payload type number (0 or 8, or a dynamic number mapped to one of them). */
    int payloadType();

    /** The negotiated codec; null until known. */
    G711Codec codec();

    boolean ended();
}
