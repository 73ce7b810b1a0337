package org.sipgateway.session;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.Tones;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md §6 marks: MARK_DONE once the audio queued before a mark has been sent, in order;
 * MARK_CLEARED for a mark that CLEAR dropped; each mark gets exactly one of them.
 */
class MarkTest extends FarEndSinkTestSupport {


    @Test
    void marksAreReachedInOrderOrCleared() throws Exception {
        try (WsClient client = connect()) {
            client.send("MARK:early");
            assertEquals("ERROR:no-call:no active call to mark", client.next());
            client.send("AUDIO_FORMAT:l16");
            assertEquals("AUDIO_FORMAT:l16", client.next());
            callAndExpectAnswer(client, "0912345678");
            client.send("MARK:bad/name");
            assertEquals("ERROR:bad-name:a mark's name is 1-64 of A-Z a-z 0-9 . _ -, got 'bad/name'", client.next());

            long start = System.nanoTime();
            client.sendBinary(Tones.l16Tone(400));
            client.send("MARK:first");
            client.sendBinary(Tones.l16Tone(400));
            client.send("MARK:second");
            assertEquals("MARK_DONE:first", client.nextStartingWith("MARK_", CALL_WAIT));
            long first = (System.nanoTime() - start) / 1_000_000;
            assertEquals("MARK_DONE:second", client.nextStartingWith("MARK_", CALL_WAIT));
            long second = (System.nanoTime() - start) / 1_000_000;
            assertTrue(first >= 300 && first < 700, "400 ms of audio before the first mark: " + first + " ms");
            assertTrue(second - first >= 300, "another 400 ms before the second: " + (second - first) + " ms");

            client.sendBinary(Tones.l16Tone(2000));
            client.send("MARK:never");
            client.send("CLEAR");
            assertEquals("MARK_CLEARED:never", client.nextStartingWith("MARK_", CALL_WAIT));
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
