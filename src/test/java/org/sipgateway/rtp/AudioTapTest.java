package org.sipgateway.rtp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code from: rtp:audio}: a route of the user's own gets every call's ordered audio, one exchange
 * per 20 ms packet with the call's id and owner, while the owner still gets its RTP lines.
 */
class AudioTapTest extends GatewayTestSupport {

    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Test
    void aTapRouteGetsTheCallsAudio() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rtp:audio").routeId("audio-tap").process(exchange -> {
                    calls.add(exchange.getMessage().getHeader(RtpConstants.CALL_ID, String.class));
                    bodies.add(exchange.getMessage().getBody(byte[].class));
                });
            }
        });
        try (WsClient client = connect()) {
            client.send("CALL:0912345678");
            client.nextStartingWith("CALL_STATE:ANSWERED", WsClient.DEFAULT_WAIT);
            for (int i = 0; i < 10; i++) {
                assertTrue(client.nextStartingWith("RTP:", WsClient.DEFAULT_WAIT).startsWith("RTP:"), "the owner's lines go on");
            }
            long deadline = System.nanoTime() + WsClient.DEFAULT_WAIT.toNanos();
            while (bodies.size() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling the tap's own thread
            }
            client.send("HANGUP");
            client.nextStartingWith("CALL_STATE:ENDED", WsClient.DEFAULT_WAIT);
        }
        assertTrue(bodies.size() >= 10, "the tap got the call's audio: " + bodies.size() + " packets");
        assertTrue(bodies.stream().allMatch(b -> b.length == 160), "20 ms of G.711 each");
        assertEquals(1, calls.stream().distinct().count(), "one call: " + calls.stream().distinct().toList());
    }
}
