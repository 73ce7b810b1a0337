package org.sipgateway.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 7 observation 8 with real tokens: two clients upload a file of the same name and each
 * keeps its own (no silent overwrite), and a client cannot play, or learn of, the other's file.
 */
class TokenUploadFoldersTest extends GatewayTestSupport {

    private static final String ALICE = "alice-token-3c9e51d07ab24f6e8d11";
    private static final String BOB = "bob-token-7e02b4f9c61d3a85e4f0aa";

    @Override
    protected void settings(Properties properties) {
        Path tokens = workDir.resolve("tokens");
        try {
            Files.writeString(tokens, "alice:" + ALICE + "\nbob:" + BOB + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.setProperty("gateway.ws.trusted-networks", "");
        properties.setProperty("gateway.ws.auth-tokens-file", tokens.toString());
    }

    private WsClient as(String token) {
        return WsClient.connect(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + wsPort + "/"),
                Map.of("Authorization", "Bearer " + token), "sip-audio-protocol");
    }

    @Test
    void sameNameTwoClientsTwoFiles_andNoPeekingAcross() throws Exception {
        byte[] alicesFile = Wavs.ofSize(9_000);
        byte[] bobsFile = Wavs.ofSize(7_000);
        try (WsClient alice = as(ALICE); WsClient bob = as(BOB)) {
            alice.send("WAV_UPLOAD:greeting.wav:" + Wavs.base64(alicesFile));
            assertEquals("WAV_ACK:stored greeting.wav (9000 bytes)", alice.next());
            bob.send("WAV_UPLOAD:greeting.wav:" + Wavs.base64(bobsFile));
            assertEquals("WAV_ACK:stored greeting.wav (7000 bytes)", bob.next());
            bob.send("WAV_UPLOAD:bobs-only.wav:" + Wavs.base64(bobsFile));
            assertEquals("WAV_ACK:stored bobs-only.wav (7000 bytes)", bob.next());

            assertArrayEquals(alicesFile, Files.readAllBytes(uploadDir.resolve("alice").resolve("greeting.wav")));
            assertArrayEquals(bobsFile, Files.readAllBytes(uploadDir.resolve("bob").resolve("greeting.wav")));
            assertFalse(Files.exists(uploadDir.resolve("greeting.wav")), "nothing in the shared top-level folder");

            alice.send("PLAY_WAV:bobs-only.wav");
            assertEquals("ERROR:no-call:no active call to play into", alice.next(), "no existence oracle without a call");

            alice.send("CALL:0912345678");
            alice.nextStartingWith("CALL_STATE:ANSWERED", Duration.ofSeconds(10));
            alice.send("PLAY_WAV:bobs-only.wav");
            assertEquals("ERROR:not-found:no uploaded file named bobs-only.wav", alice.nextStartingWith("ERROR:", Duration.ofSeconds(5)));
            alice.send("PLAY_WAV:greeting.wav");
            assertEquals("WAV_ACK:playing greeting.wav", alice.nextStartingWith("WAV_ACK:", Duration.ofSeconds(5)));
            alice.send("HANGUP");
            alice.nextStartingWith("CALL_STATE:ENDED", Duration.ofSeconds(10));
        }
    }
}
