package org.sipgateway.upload;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 7 obs. 8: PLAY_WAV without a call must not reveal whether a file exists; both names get
 * the same ERROR:no-call (it used to be NOT_FOUND for a missing name, NO_CALL for an existing one).
 */
class PlayWavWithoutCallTest extends GatewayTestSupport {

    @Test
    void noCallIsAnsweredWhetherOrNotTheNameExists() throws Exception {
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:exists.wav:" + Wavs.base64(Wavs.ofSize(1000)));
            assertEquals("WAV_ACK:stored exists.wav (1000 bytes)", client.next());
            client.send("PLAY_WAV:exists.wav");
            String existing = client.next();
            client.send("PLAY_WAV:missing.wav");
            String missing = client.next();
            assertEquals("ERROR:no-call:no active call to play into", existing);
            assertEquals(existing, missing);
        }
    }
}
