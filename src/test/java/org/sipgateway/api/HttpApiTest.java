package org.sipgateway.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sipgateway.media.WavInfo;
import org.sipgateway.media.WavParser;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md §8, the HTTP API from a trusted address: its OpenAPI document, a WAV stored by PUT
 * and played by a session, a call listed, read and hung up, and its recording listed and
 * downloaded; bad input gets one JSON error with its status.
 */
class HttpApiTest extends GatewayTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponse<byte[]> send(String method, String path, byte[] body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).method(method, publisher).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> put(String path, String contentType, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** curl's --data-binary says application/x-www-form-urlencoded unless told otherwise. */
    @Test
    void aWavSentAsFormContentIsStoredAsItsBytes() throws Exception {
        byte[] wav = Wavs.tone(8000, 440, 500, 0.3);
        for (String type : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            int before = logs.lines().size();
            HttpResponse<byte[]> stored = put("/api/wavs/form-tone.wav", type, wav);
            assertEquals(201, stored.statusCode(), type + ": " + new String(stored.body()));
            assertEquals("form-tone.wav", json(stored).get("stored").asText());
            assertTrue(logs.lines().subList(before, logs.lines().size()).stream().noneMatch(l -> l.startsWith("ERROR")),
                    "nothing logged as an error: " + logs.lines());
        }
        HttpResponse<byte[]> notAWav = put("/api/wavs/form-broken.wav", "application/x-www-form-urlencoded",
                "name=value&x=%zz".getBytes());
        assertEquals(400, notAWav.statusCode());
        assertTrue(json(notAWav).get("error").asText().length() > 0, "a JSON error: " + new String(notAWav.body()));
    }

    private JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void openApiDocumentNamesEveryEndpoint() throws Exception {
        HttpResponse<byte[]> doc = send("GET", "/api/openapi.json", null);
        assertEquals(200, doc.statusCode());
        JsonNode paths = json(doc).get("paths");
        for (String path : new String[] {"/calls", "/calls/{callId}", "/wavs", "/wavs/{name}", "/recordings", "/recordings/{name}"}) {
            assertTrue(paths.has(path), path + " in " + paths);
        }
    }

    @Test
    void uploadCallHangUpAndFetchTheRecording() throws Exception {
        byte[] wav = Wavs.tone(8000, 440, 4000, 0.3);
        HttpResponse<byte[]> stored = send("PUT", "/api/wavs/api-tone.wav", wav);
        assertEquals(201, stored.statusCode(), new String(stored.body()));
        assertEquals("api-tone.wav", json(stored).get("stored").asText());

        HttpResponse<byte[]> notAWav = send("PUT", "/api/wavs/broken.wav", "not a wav".getBytes());
        assertEquals(400, notAWav.statusCode());
        assertTrue(json(notAWav).get("error").asText().length() > 0);
        HttpResponse<byte[]> badName = send("PUT", "/api/wavs/..hidden.wav", wav);
        assertEquals(400, badName.statusCode(), new String(badName.body()));
        JsonNode wavs = json(send("GET", "/api/wavs", null));
        assertTrue(wavs.isArray() && wavs.toString().contains("\"api-tone.wav\"") && !wavs.toString().contains("broken"),
                "GET /api/wavs lists what was stored, not what was refused: " + wavs);

        String callId;
        try (WsClient client = connect()) {
            callId = callTestLine(client);
            client.send("PLAY_WAV:api-tone.wav");
            assertEquals("WAV_ACK:playing api-tone.wav", client.nextStartingWith("WAV_ACK:", WsClient.DEFAULT_WAIT));

            JsonNode calls = json(send("GET", "/api/calls", null));
            assertEquals(1, calls.size(), calls.toString());
            assertEquals(callId, calls.get(0).get("callId").asText());
            assertEquals("ANSWERED", calls.get(0).get("state").asText());
            HttpResponse<byte[]> one = send("GET", "/api/calls/" + callId, null);
            assertEquals(200, one.statusCode());
            assertEquals("PCMU", json(one).get("codec").asText());
            assertEquals(404, send("GET", "/api/calls/no-such-call", null).statusCode());

            client.nextStartingWith("PLAY_DONE:", WsClient.DEFAULT_WAIT);
            HttpResponse<byte[]> hungUp = send("DELETE", "/api/calls/" + callId, null);
            assertEquals(202, hungUp.statusCode(), new String(hungUp.body()));
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE:", WsClient.DEFAULT_WAIT));
        }
        assertEquals(0, json(send("GET", "/api/calls", null)).size(), "no call is up");
        assertEquals(404, send("DELETE", "/api/calls/" + callId, null).statusCode(), "a call that ended cannot be hung up");

        String name = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (name == null && System.nanoTime() < deadline) {
            for (JsonNode entry : json(send("GET", "/api/recordings", null))) {
                if (entry.asText().contains(callId.substring(0, 16))) {
                    name = entry.asText();
                }
            }
            if (name == null) {
                Thread.sleep(100);
            }
        }
        assertTrue(name != null, "the call's recording is listed");
        HttpResponse<byte[]> recording = send("GET", "/api/recordings/" + name, null);
        assertEquals(200, recording.statusCode());
        assertEquals("audio/wav", recording.headers().firstValue("Content-Type").orElse(""));
        WavInfo info = WavParser.parse(recording.body());
        assertEquals(2, info.channels(), "both directions");
        assertTrue(info.durationMillis() >= 400, "the played file is in it: " + info.durationMillis() + " ms");
        assertEquals(400, send("GET", "/api/recordings/..%2Fapplication.properties", null).statusCode());
        assertEquals(404, send("GET", "/api/recordings/nothing.wav", null).statusCode());
    }
}
