package org.sipgateway.call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Ten sessions with a call each, all up at once, each ended on its own without touching the others. */
class ConcurrentCallsTest extends SipTestSupport {

    private static final int CALLS = 10;

    @Override
    protected String scenario() {
        return "uas-answer-wait-bye.xml";
    }

    @Override
    protected int calls() {
        return CALLS;
    }

    @Test
    void tenCallsFromTenSessions() throws Exception {
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CALLS; i++) {
                WsClient client = connect();
                clients.add(client);
                client.send("CALL:09000000" + String.format("%02d", i));
            }
            for (WsClient client : clients) {
                assertEquals("CALL_STATE:CALLING", client.next(CALL_WAIT));
                assertEquals("CALL_STATE:RINGING", client.next(CALL_WAIT));
                assertEquals("CALL_STATE:ANSWERED", client.next(CALL_WAIT));
                expectMediaStart(client, "PCMU");
            }
            for (int i = 0; i < CALLS; i++) {
                clients.get(i).send("HANGUP");
                assertEquals("CALL_STATE:ENDED:local-bye", clients.get(i).next(CALL_WAIT));
                if (i + 1 < CALLS) {
                    clients.get(i + 1).assertNothingWithin(Duration.ofMillis(100));
                }
            }
            assertSippSucceeded();
            Matcher ports = Pattern.compile("m=audio (\\d+) RTP/AVP 0 8 101").matcher(sipp.messages());
            Set<String> distinct = new HashSet<>();
            while (ports.find()) {
                distinct.add(ports.group(1));
            }
            assertEquals(CALLS, distinct.size(), "every call has its own RTP port: " + distinct);
        } finally {
            clients.forEach(WsClient::close);
        }
    }
}
