package org.sipgateway.call;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HANGUP while it rings: CANCEL, then 487 from the far end, reported as cancelled. */
class CallCancelTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-ring-no-answer.xml";
    }

    @Test
    void hangupBeforeAnswerSendsCancel() throws Exception {
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:early.wav:" + Wavs.base64(Wavs.tone(8000, 440, 800, 0.3)));
            assertTrue(client.next().startsWith("WAV_ACK:stored early.wav"));
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", client.next(CALL_WAIT));
            assertEquals("CALL_STATE:RINGING", client.next(CALL_WAIT));
            client.send("PLAY_WAV:early.wav");
            assertEquals("ERROR:no-call:the call is not answered yet, or the far end does not receive audio", client.next(CALL_WAIT));
            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:cancelled", client.next(CALL_WAIT));
            assertSippSucceeded();
            assertTrue(sipp.messages().contains("CANCEL sip:"), "SIPp must have received a CANCEL");
        }
    }
}
