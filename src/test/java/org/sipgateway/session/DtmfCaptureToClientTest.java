package org.sipgateway.session;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PROTOCOL.md §6, DTMF in from a real sender's packets: SIPp answers with telephone-event 101 and
 * replays Debian's RFC 4733 captures of the keys 1, 5 and 9 (each a start packet with the marker,
 * updates, and its end packet three times); the session gets exactly one DTMF line per key.
 */
class DtmfCaptureToClientTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-play-dtmf.xml";
    }

    @Test
    void oneLinePerCapturedKey() throws Exception {
        try (WsClient client = connect()) {
            client.send("AUDIO_FORMAT:pcmu");
            assertEquals("AUDIO_FORMAT:pcmu", client.next());
            callAndExpectAnswer(client, "0912345678");
            assertEquals("DTMF:1", client.nextStartingWith("DTMF:", CALL_WAIT));
            assertEquals("DTMF:5", client.nextStartingWith("DTMF:", CALL_WAIT));
            assertEquals("DTMF:9", client.nextStartingWith("DTMF:", CALL_WAIT));
            client.assertNothingWithin(Duration.ofMillis(1500));
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
