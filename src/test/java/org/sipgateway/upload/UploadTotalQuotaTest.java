package org.sipgateway.upload;

import java.nio.file.Files;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 obs. 8: gateway.upload.max-total-bytes counts what is already in the folders when the
 * gateway starts (here a file of another token name) and refuses an upload that would exceed it.
 */
class UploadTotalQuotaTest extends GatewayTestSupport {

    @Override
    protected void settings(Properties properties) {
        try {
            Files.createDirectories(uploadDir.resolve("alice"));
            Files.write(uploadDir.resolve("alice").resolve("old.wav"), Wavs.ofSize(15_000));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        properties.setProperty("gateway.upload.max-total-bytes", "25000");
    }

    @Test
    void theTotalQuotaRefusesWithNothingWritten() throws Exception {
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:big.wav:" + Wavs.base64(Wavs.ofSize(10_002)));
            String refused = client.next();
            assertTrue(refused.startsWith("ERROR:limit:") && refused.contains("gateway.upload.max-total-bytes=25000"),
                    refused);
            assertFalse(Files.exists(uploadDir.resolve("big.wav")));
            client.send("WAV_UPLOAD:fits.wav:" + Wavs.base64(Wavs.ofSize(10_000)));
            assertEquals("WAV_ACK:stored fits.wav (10000 bytes)", client.next());
        }
    }
}
