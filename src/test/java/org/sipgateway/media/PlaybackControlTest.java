package org.sipgateway.media;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new PLAY_WAV replaces the one playing; HANGUP stops the audio at once. */
class PlaybackControlTest extends FarEndSinkTestSupport {

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
    }

    @Test
    void replaceThenHangUp() throws Exception {
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:long.wav:" + Wavs.base64(Wavs.tone(8000, 500, 40_000, 0.4)));
            assertTrue(client.next().startsWith("WAV_ACK:stored long.wav"));
            client.send("WAV_UPLOAD:short.wav:" + Wavs.base64(Wavs.tone(8000, 900, 1600, 0.4)));
            assertTrue(client.next().startsWith("WAV_ACK:stored short.wav"));
            callAndExpectAnswer(client, "0912345678");

            client.send("PLAY_WAV:long.wav");
            assertEquals("WAV_ACK:playing long.wav", client.next(CALL_WAIT));
            sink.await(10, CALL_WAIT);
            client.send("PLAY_WAV:short.wav");
            assertEquals("PLAY_DONE:long.wav", client.next(CALL_WAIT), "the replaced playback is reported done");
            assertEquals("WAV_ACK:playing short.wav", client.next(CALL_WAIT));
            assertEquals("PLAY_DONE:short.wav", client.next(CALL_WAIT));

            client.send("PLAY_WAV:long.wav");
            assertEquals("WAV_ACK:playing long.wav", client.next(CALL_WAIT));
            int before = sink.received().size();
            sink.await(before + 10, CALL_WAIT);
            client.send("HANGUP");
            List<String> ending = client.next(2, CALL_WAIT);
            assertTrue(ending.contains("CALL_STATE:ENDED:local-bye"), ending.toString());
            assertTrue(ending.contains("PLAY_DONE:long.wav"), ending.toString());
            Thread.sleep(100);
            int atHangup = sink.received().size();
            Thread.sleep(300);
            assertEquals(atHangup, sink.received().size(), "no audio after the call ended");
            assertTrue(atHangup < before + 40_000 / 160, "the long file was cut short");
            client.assertNothingWithin(Duration.ofMillis(200));
            assertSippSucceeded();
        } finally {
            sink.close();
        }
    }
}
