package org.sipgateway.ops;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a call writes to the log at INFO and above: only the gateway's own lines (placed,
 * answered, ended, the media summary, the recording), each carrying the session and Call-ID, and
 * none of Camel's, Vert.x's, Netty's or the bus clients' plumbing.
 */
class CallLogLinesTest extends GatewayTestSupport {

    @Test
    void aCallLogsOnlyTheGatewaysLines() throws Exception {
        int before = logs.lines().size();
        String callId;
        try (WsClient client = connect()) {
            callId = callTestLine(client);
            // A recording starts with the first tick of audio; a call hung up before that has none.
            long started = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!logs.contains("Recording to") && System.nanoTime() < started) {
                Thread.sleep(20);
            }
            client.send("HANGUP");
            client.nextStartingWith("CALL_STATE:ENDED", WsClient.DEFAULT_WAIT);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!logs.contains("Recording complete") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<String> lines = logs.lines().subList(before, logs.lines().size());
        List<String> foreign = lines.stream().filter(l -> !l.startsWith("DEBUG") && !l.startsWith("TRACE"))
                .filter(l -> !l.split(" ", 3)[1].startsWith("org.sipgateway.")).collect(Collectors.toList());
        assertTrue(foreign.isEmpty(), "only the gateway's own lines at INFO and above: " + foreign);
        String joined = String.join("\n", lines);
        for (String expected : new String[] {"INVITE sip:0912345678@", "Answered: media to", "Call ended: local-bye",
                "RTP closed: received", "Recording complete"}) {
            assertTrue(joined.contains(expected), expected + " is logged:\n" + joined);
        }
        assertTrue(lines.stream().filter(l -> l.contains("Call ended")).allMatch(l -> l.contains(callId)),
                "the call's lines carry its Call-ID");
    }
}
