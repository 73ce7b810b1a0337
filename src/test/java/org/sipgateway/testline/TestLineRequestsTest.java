package org.sipgateway.testline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipgateway.sip.SdpAnswer;
import org.sipgateway.sip.SdpAnswerParser;

/** Requests other than a plain call, sent over real SIP/UDP by {@link RawSipClient}. */
class TestLineRequestsTest {

    private TestLine line;
    private RawSipClient sip;

    private void start(TestLineOptions options) throws Exception {
        line = TestLine.start("127.0.0.1", 0, options);
        sip = new RawSipClient(line.sipPort());
    }

    @AfterEach
    void stop() {
        if (sip != null) {
            sip.close();
        }
        if (line != null) {
            line.close();
        }
    }

    @Test
    void optionsIsAnsweredWithAllow() throws Exception {
        start(TestLineOptions.defaults());
        sip.send("OPTIONS", sip.target(), 1, null, null, null, null);
        RawSipClient.Message ok = sip.expect(200);
        String allow = String.join(",", ok.all("Allow")).replace(" ", "");
        for (String method : List.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS")) {
            assertTrue(allow.contains(method), "Allow: " + allow);
        }
    }

    @Test
    void offerWithoutG711IsRejectedWith488() throws Exception {
        start(TestLineOptions.defaults());
        sip.invite(RawSipClient.sdp(40000, "18", "rtpmap:18 G729/8000"));
        RawSipClient.Message rejected = sip.expect(488);
        sip.ackNon2xx(rejected);
        assertEquals(0, line.answeredCalls());
        assertEquals(0, line.activeCalls());
    }

    @Test
    void unknownMethodGets405WithAllow() throws Exception {
        start(TestLineOptions.defaults());
        sip.send("MESSAGE", sip.target(), 1, null, null, "text/plain", "hi");
        RawSipClient.Message notAllowed = sip.expect(405);
        assertTrue(String.join(",", notAllowed.all("Allow")).contains("INVITE"));
    }

    @Test
    void byeForUnknownDialogGets481() throws Exception {
        start(TestLineOptions.defaults());
        sip.send("BYE", sip.target(), 1, "no-such-dialog", null, null, null);
        sip.expect(481);
    }

    @Test
    void reInviteIsAnsweredWithSdp() throws Exception {
        start(TestLineOptions.defaults().withRingDelayMs(0));
        sip.invite(RawSipClient.sdp(40002, "0", "rtpmap:0 PCMU/8000"));
        RawSipClient.Message ok = sip.expect(200);
        sip.ack2xx(ok);

        sip.send("INVITE", ok.contactUri(), 2, ok.toTag(), null, "application/sdp",
                RawSipClient.sdp(40004, "0", "rtpmap:0 PCMU/8000", "sendonly"));
        RawSipClient.Message reOk = sip.expect(200);
        assertTrue(reOk.header("CSeq").endsWith("2 INVITE"), reOk.header("CSeq"));
        SdpAnswer answer = SdpAnswerParser.parse(reOk.body());
        assertEquals(SdpAnswer.Direction.RECVONLY, answer.direction(), "a sendonly offer is answered recvonly");
        assertEquals(line.rtpPort(), answer.rtpPort());
        sip.ack2xx(reOk, 2);
        assertEquals(1, line.activeCalls());

        sip.send("BYE", ok.contactUri(), 3, ok.toTag(), null, null, null);
        sip.expect(200);
        assertEquals(0, line.activeCalls());
        assertEquals(1, line.answeredCalls());
    }

    @Test
    void codecPreferenceIsHonoured() throws Exception {
        start(TestLineOptions.defaults().withRingDelayMs(0).withCodecPreference("PCMA"));
        sip.invite(RawSipClient.sdp(40006, "0 8", "rtpmap:0 PCMU/8000", "rtpmap:8 PCMA/8000"));
        RawSipClient.Message ok = sip.expect(200);
        sip.ack2xx(ok);
        SdpAnswer answer = SdpAnswerParser.parse(ok.body());
        assertEquals("PCMA", answer.codecName());
        assertEquals(8, answer.payloadType());
        sip.send("BYE", ok.contactUri(), 2, ok.toTag(), null, null, null);
        sip.expect(200);
    }

    @Test
    void hangsUpAfterMaxCallDuration() throws Exception {
        start(TestLineOptions.defaults().withRingDelayMs(0).withMaxCallDuration(Duration.ofMillis(300)));
        sip.invite(RawSipClient.sdp(40008, "0", "rtpmap:0 PCMU/8000"));
        RawSipClient.Message ok = sip.expect(200, 5000, new ArrayList<>());
        sip.ack2xx(ok);
        RawSipClient.Message bye = sip.expectRequest("BYE", 5000);
        assertEquals(sip.callId, bye.header("Call-ID"));
        sip.respondOk(bye);
        assertEquals(0, line.activeCalls());
        assertEquals(1, line.answeredCalls());
    }
}
