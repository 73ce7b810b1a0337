package org.sipgateway.ws;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages of 1.5 MiB reach the gateway whole (the Vert.x defaults would close the socket). */
class LargeMessageTest extends GatewayTestSupport {

    private static final int ONE_MIB = 1024 * 1024;

    @Test
    void acceptsAOneMibWavUpload() throws Exception {
        byte[] wav = Wavs.ofSize(ONE_MIB);
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:big.wav:" + Wavs.base64(wav));
            assertEquals("WAV_ACK:stored big.wav (" + ONE_MIB + " bytes)", client.next());
        }
        assertArrayEquals(wav, Files.readAllBytes(uploadDir.resolve("big.wav")));
    }

    @Test
    void acceptsAOnePointFiveMibMessage() throws Exception {
        String prefix = "WAV_UPLOAD:huge.wav:";
        int base64Chars = (ONE_MIB + ONE_MIB / 2 - prefix.length()) / 4 * 4;
        String message = prefix + "A".repeat(base64Chars);
        assertTrue(message.length() >= ONE_MIB + ONE_MIB / 2 - 3);
        try (WsClient client = connect()) {
            client.send(message);
            assertTrue(client.next().startsWith("ERROR:too-large:file is " + (base64Chars / 4 * 3) + " bytes"));
            client.send("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", client.next());
        }
    }
}
