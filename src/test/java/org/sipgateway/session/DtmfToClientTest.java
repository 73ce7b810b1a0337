package org.sipgateway.session;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.DtmfPresses;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PROTOCOL.md §6, DTMF in: the far end (its answer accepted telephone-event 101) sends RFC 4733
 * key presses, each with updates and three end packets; a session with an AUDIO_FORMAT gets one
 * {@code DTMF:<digit>} per press.
 */
class DtmfToClientTest extends FarEndSinkTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-media-to-dtmf.xml";
    }

    @Test
    void oneLinePerKeyPress() throws Exception {
        try (WsClient client = connect()) {
            client.send("AUDIO_FORMAT:pcmu");
            assertEquals("AUDIO_FORMAT:pcmu", client.next());
            callAndExpectAnswer(client, "0912345678");
            DtmfPresses far = new DtmfPresses(sink, sink.await(1, CALL_WAIT).get(0).source());
            far.press(7, 8000);
            far.press(11, 16000);
            assertEquals("DTMF:7", client.nextStartingWith("DTMF:", CALL_WAIT));
            assertEquals("DTMF:#", client.nextStartingWith("DTMF:", CALL_WAIT));
            client.assertNothingWithin(Duration.ofMillis(300));
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
