package org.sipgateway.session;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CLEAR while SEND_DTMF digits go out: the digit the far end has seen start still gets its three
 * end packets (RFC 4733 §2.5.1.4), the digits after it are dropped, and DTMF_SENT names the digit
 * that was sent, so a client waiting for it is answered.
 */
class ClearDuringDtmfTest extends FarEndSinkTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-media-to-dtmf.xml";
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
    }

    @Test
    void theDigitInProgressEndsAndTheRestIsDropped() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            client.send("SEND_DTMF:123");
            List<RtpSink.Received> first = sink.await(2, CALL_WAIT);
            assertEquals(101, first.get(0).packet().payloadType(), "the first digit started");
            client.send("CLEAR");
            assertEquals("DTMF_SENT:1", client.nextStartingWith("DTMF_SENT:", CALL_WAIT));
            client.assertNothingWithin(Duration.ofMillis(500));
            List<RtpPacket> events = sink.received().stream().map(RtpSink.Received::packet)
                    .filter(p -> p.payloadType() == 101).collect(Collectors.toList());
            assertEquals(7, events.size(), "one digit's packets: start, updates, three end packets: " + events.size());
            for (RtpPacket event : events) {
                assertEquals(1, event.buffer()[event.payloadOffset()] & 0xFF, "only the digit 1");
            }
            for (int i = 4; i < 7; i++) {
                RtpPacket end = events.get(i);
                assertTrue((end.buffer()[end.payloadOffset() + 1] & 0x80) != 0, "end bit on packet " + i);
            }
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
