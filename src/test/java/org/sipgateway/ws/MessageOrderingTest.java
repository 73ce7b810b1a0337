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

    @Test
    void answersBackToBackMessagesInOrder() throws Exception {
        try (WsClient first = connect(); WsClient second = connect()) {
            List<String> expectedFirst = new ArrayList<>();
            List<String> expectedSecond = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                first.send("PLAY_WAV:a" + i + ".wav");
                second.send("PLAY_WAV:b" + i + ".wav");
                expectedFirst.add("ERROR:not-found:no uploaded file named a" + i + ".wav");
                expectedSecond.add("ERROR:not-found:no uploaded file named b" + i + ".wav");
            }
            assertEquals(expectedFirst, first.next(MESSAGES, Duration.ofSeconds(60)));
            assertEquals(expectedSecond, second.next(MESSAGES, Duration.ofSeconds(60)));
            first.assertNothingWithin(Duration.ofMillis(200));
        }
    }
}
