package org.sipgateway.support;

import org.junit.jupiter.api.AfterAll;
import org.sipgateway.media.G711Codec;

/**
 * A gateway whose calls are answered by SIPp ({@code uas-answer-media-to.xml}) with an SDP that
 * sends the call's audio to {@link #sink}, a UDP socket of the test standing in for the far end's
 * media, in {@link #codec()}.
 */
public abstract class FarEndSinkTestSupport extends SipTestSupport {

    protected RtpSink sink;

    protected G711Codec codec() {
        return G711Codec.PCMU;
    }

    @Override
    protected String codecName() {
        return codec().rtpName();
    }

    @Override
    protected String scenario() {
        return "uas-answer-media-to.xml";
    }

    @Override
    protected String[] sippArguments() {
        if (sink == null) {
            sink = new RtpSink();
        }
        return new String[] {"-set", "rtp_port", Integer.toString(sink.port()), "-set", "rtp_pt",
                Integer.toString(codec().payloadType()), "-set", "rtp_codec", codec().rtpName()};
    }

    @AfterAll
    void closeSink() {
        if (sink != null) {
            sink.close();
        }
    }
}
