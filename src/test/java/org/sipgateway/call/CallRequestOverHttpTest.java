package org.sipgateway.call;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.Tones;
import org.sipgateway.support.Wavs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md §8, "call the on-call engineer and play the alert": a WAV stored by PUT, then
 * {@code POST /api/calls} with no WebSocket anywhere. SIPp answers; its media (a socket of the
 * test) hears the file's 440 Hz; the gateway hangs up after it (SIPp sees the BYE); the call's
 * final state is readable at the Location the POST answered. Bad requests get 400/404 and place
 * nothing.
 */
class CallRequestOverHttpTest extends FarEndSinkTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String json) throws Exception {
        return send("POST", "/api/calls", json.getBytes(), "application/json");
    }

    @Test
    void aRequestPlacesACallThatPlaysItsFileAndHangsUp() throws Exception {
        assertEquals(201, send("PUT", "/api/wavs/alert.wav", Wavs.tone(8000, 440, 8000, 0.3), null).statusCode());

        assertEquals(400, post("{\"target\":\"09x12\",\"play\":[\"alert.wav\"]}").statusCode(), "a bad target");
        assertEquals(400, post("{\"target\":\"0912345678\",\"ply\":[\"alert.wav\"]}").statusCode(), "a misspelt field");
        assertEquals(404, post("{\"target\":\"0912345678\",\"play\":[\"missing.wav\"]}").statusCode(), "an unknown file");
        assertEquals(400, post("not json").statusCode());

        HttpResponse<String> placed = post("{\"target\":\"0912345678\",\"play\":[\"alert.wav\"],\"hangupAfterPlay\":true,"
                + "\"maxDuration\":30}");
        assertEquals(201, placed.statusCode(), placed.body());
        String callId = JSON.readTree(placed.body()).get("callId").asText();
        assertEquals("/api/calls/" + callId, placed.headers().firstValue("Location").orElse(""));
        assertTrue(placed.headers().map().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("gateway")
                || h.toLowerCase().startsWith("camel")), "no internal header in the answer: " + placed.headers().map());

        List<RtpSink.Received> packets = sink.await(50, CALL_WAIT);
        short[] heard = RtpSink.decode(packets.subList(5, 45), G711Codec.PCMU);
        assertTrue(Tones.dominanceDb(heard, 440, 8000) > 20, "the far end hears the alert's 440 Hz");
        assertSippSucceeded();

        long deadline = System.nanoTime() + CALL_WAIT.toNanos();
        JsonNode state = JSON.readTree(send("GET", "/api/calls/" + callId, new byte[0], null).body());
        while (!"ENDED".equals(state.get("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = JSON.readTree(send("GET", "/api/calls/" + callId, new byte[0], null).body());
        }
        assertEquals("ENDED", state.get("state").asText(), state.toString());
        assertEquals("local-bye", state.get("cause").asText(), "the gateway hung up after the file: " + state);
        assertTrue(state.get("durationMillis").asLong() >= 900, "the whole second played: " + state);
        assertTrue(state.get("packetsOut").asLong() >= 50, state.toString());
        assertEquals(1, sink.received().stream().filter(r -> r.packet().marker()).count(), "one talkspurt");
    }
}
