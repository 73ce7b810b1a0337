package org.sipgateway.upload;

import java.nio.file.Files;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 obs. 8 over a real WebSocket: a trusted client without a token writes to the
 * top-level upload folder, within gateway.upload.max-bytes-per-client; one upload too many is
 * refused with ERROR:limit, nothing is written and the previous file stays as it was.
 */
class UploadQuotaTest extends GatewayTestSupport {

    static final int PER_CLIENT = 20_000;

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.upload.max-bytes-per-client", Integer.toString(PER_CLIENT));
        properties.setProperty("gateway.upload.max-total-bytes", "1000000");
    }

    @Test
    void theClientQuotaRefusesAndKeepsThePreviousFile() throws Exception {
        byte[] first = Wavs.ofSize(12_000);
        byte[] second = Wavs.ofSize(10_000);
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:a.wav:" + Wavs.base64(first));
            assertEquals("WAV_ACK:stored a.wav (12000 bytes)", client.next());
            assertArrayEquals(first, Files.readAllBytes(uploadDir.resolve("a.wav")), "top-level folder without a token");

            client.send("WAV_UPLOAD:b.wav:" + Wavs.base64(second));
            String refused = client.next();
            assertTrue(refused.startsWith("ERROR:limit:") && refused.contains("gateway.upload.max-bytes-per-client=20000"),
                    refused);
            assertFalse(Files.exists(uploadDir.resolve("b.wav")), "nothing written");

            client.send("WAV_UPLOAD:a.wav:" + Wavs.base64(Wavs.ofSize(20_002)));
            assertTrue(client.next().startsWith("ERROR:limit:"));
            assertArrayEquals(first, Files.readAllBytes(uploadDir.resolve("a.wav")), "the previous file is intact");

            client.send("WAV_UPLOAD:a.wav:" + Wavs.base64(Wavs.ofSize(20_000)));
            assertEquals("WAV_ACK:stored a.wav (20000 bytes)", client.next(), "a replacement counts only the difference");
        }
    }
}
