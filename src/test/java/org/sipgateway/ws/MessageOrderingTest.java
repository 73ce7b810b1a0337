package org.sipgateway.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The stock vertx-websocket consumer runs one connection's messages on a worker pool unordered;
 * here thousands of back-to-back commands must be answered in exactly the order sent, on two
 * connections at once.
 */
class MessageOrderingTest extends GatewayTestSupport {

    private static final int MESSAGES = 2000;
    private static final String EXPECTED_COMMANDS = " (expected CALL, HANGUP, WAV_UPLOAD, PLAY_WAV, AUDIO_FORMAT, MARK, CLEAR, SEND_DTMF, LISTEN, ANSWER, REJECT, WATCH, HOLD, RESUME or TRANSFER)";

    @Test
    void answersBackToBackMessagesInOrder() throws Exception {
        try (WsClient first = connect(); WsClient second = connect()) {
            List<String> expectedFirst = new ArrayList<>();
            List<String> expectedSecond = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                // Each reply names its own message; PLAY_WAV no longer does without a call (issue 7 obs. 8).
                first.send("a" + i);
                second.send("b" + i);
                expectedFirst.add("ERROR:bad-command:unknown command 'a" + i + "'" + EXPECTED_COMMANDS);
                expectedSecond.add("ERROR:bad-command:unknown command 'b" + i + "'" + EXPECTED_COMMANDS);
            }
            assertEquals(expectedFirst, first.next(MESSAGES, Duration.ofSeconds(60)));
            assertEquals(expectedSecond, second.next(MESSAGES, Duration.ofSeconds(60)));
            first.assertNothingWithin(Duration.ofMillis(200));
        }
    }
}
