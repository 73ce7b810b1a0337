package org.sipgateway.rtp.pipeline;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.RtpFrame;
import org.sipgateway.rtp.TestCallMedia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Payload type to kind: the call's codec, its telephone-event, comfort noise, the rest. */
class ClassifierTest {

    private final TestCallMedia call = new TestCallMedia();
    private final Classifier classifier = new Classifier(call);

    private RtpFrame.Kind kindOf(int payloadType) {
        RtpFrame frame = Packets.frame(Packets.rtp(payloadType, 1, 0, 1, 4, (byte) 0), new InetSocketAddress("127.0.0.1", 1), 1);
        assertNull(classifier.check(frame), "the classifier drops nothing");
        return frame.kind();
    }

    @Test
    void kindsFollowTheNegotiatedTypes() {
        assertEquals(RtpFrame.Kind.AUDIO, kindOf(0));
        assertEquals(RtpFrame.Kind.TELEPHONE_EVENT, kindOf(101));
        assertEquals(RtpFrame.Kind.COMFORT_NOISE, kindOf(13));
        assertEquals(RtpFrame.Kind.OTHER, kindOf(8));
        assertEquals(RtpFrame.Kind.OTHER, kindOf(96));
    }

    @Test
    void aDynamicAudioTypeAndNoTelephoneEvent() {
        call.payloadType = 96;
        call.telephoneEvent = -1;
        assertEquals(RtpFrame.Kind.AUDIO, kindOf(96));
        assertEquals(RtpFrame.Kind.OTHER, kindOf(101));
        assertEquals(RtpFrame.Kind.OTHER, kindOf(0));
    }
}
