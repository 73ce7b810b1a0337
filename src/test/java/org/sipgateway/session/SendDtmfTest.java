package org.sipgateway.session;

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
 * PROTOCOL.md §6 DTMF out: SEND_DTMF sends each digit as RFC 4733 events on the negotiated
 * telephone-event type (a start packet with the marker, updates of growing duration, three end
 * packets, all with the event's timestamp), then reports DTMF_SENT.
 */
class SendDtmfTest extends FarEndSinkTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-media-to-dtmf.xml";
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
    }

    @Test
    void digitsGoOutAsEvents() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            client.send("SEND_DTMF:12x");
            assertEquals("ERROR:bad-command:SEND_DTMF takes 1-32 of 0-9 * # A-D, got '12x'", client.next());
            client.send("SEND_DTMF:1#");
            assertEquals("DTMF_SENT:1#", client.nextStartingWith("DTMF_SENT:", CALL_WAIT));
            List<RtpPacket> events = sink.await(14, CALL_WAIT).stream().map(RtpSink.Received::packet)
                    .filter(p -> p.payloadType() == 101).collect(Collectors.toList());
            assertEquals(14, events.size(), "7 packets per digit");
            for (int digit = 0; digit < 2; digit++) {
                List<RtpPacket> one = events.subList(7 * digit, 7 * digit + 7);
                int expectedEvent = digit == 0 ? 1 : 11;
                for (int i = 0; i < 7; i++) {
                    RtpPacket p = one.get(i);
                    byte[] b = p.buffer();
                    int at = p.payloadOffset();
                    assertEquals(4, p.payloadLength());
                    assertEquals(expectedEvent, b[at] & 0xFF, "event code");
                    assertEquals(i >= 4, (b[at + 1] & 0x80) != 0, "end bit on the last three, packet " + i);
                    int duration = (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
                    assertEquals(Math.min(i + 1, 5) * 160, duration, "duration grows to 100 ms");
                    assertEquals(i == 0, p.marker(), "marker on the start packet only");
                    assertEquals(one.get(0).timestamp(), p.timestamp(), "the event's own timestamp");
                }
                for (int i = 1; i < 7; i++) {
                    assertEquals((one.get(i - 1).sequenceNumber() + 1) & 0xFFFF, one.get(i).sequenceNumber());
                }
            }
            assertTrue(events.get(7).timestamp() - events.get(0).timestamp() >= 8 * 160,
                    "the second digit starts after the first one's 100 ms and a pause");
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
