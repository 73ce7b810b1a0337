package org.sipgateway.rtp;

import java.net.InetSocketAddress;

import org.sipgateway.media.G711Codec;

/** A call's media as a test sets it: far end, codec, telephone-event type, SDP version. */
public final class TestCallMedia implements CallMedia {

    public volatile InetSocketAddress farEnd = new InetSocketAddress("127.0.0.1", 40000);
    public volatile G711Codec codec = G711Codec.PCMU;
    public volatile int payloadType = 0;
    public volatile int telephoneEvent = 101;
    public volatile int mediaVersion = 1;
    public volatile int port = 32000;
    /** What {@link #movePort()} moves to; -1: the port cannot move. */
    public volatile int movesTo = -1;

    @Override
    public String callId() {
        return "call-1";
    }

    @Override
    public String owner() {
        return "session-1";
    }

    @Override
    public int localRtpPort() {
        return port;
    }

    @Override
    public int movePort() {
        if (movesTo > 0) {
            port = movesTo;
        }
        return movesTo;
    }

    @Override
    public InetSocketAddress sendTo() {
        return farEnd;
    }

    @Override
    public InetSocketAddress expectFrom() {
        return farEnd;
    }

    @Override
    public int payloadType() {
        return payloadType;
    }

    @Override
    public int telephoneEventPayloadType() {
        return telephoneEvent;
    }

    @Override
    public int mediaVersion() {
        return mediaVersion;
    }

    @Override
    public G711Codec codec() {
        return codec;
    }

    @Override
    public boolean ended() {
        return false;
    }
}
