package org.sipgateway.session;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Tones;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md §6, far-end audio as binary frames: after AUDIO_FORMAT:l16 the session gets 20 ms
 * frames of 16-bit PCM (the test line echoes the tone the call plays) instead of RTP lines;
 * l16-16k switches the frame size during the call, and off brings the RTP lines back.
 */
class AudioFormatFramesTest extends GatewayTestSupport {

    private static final Duration WAIT = WsClient.DEFAULT_WAIT;

    private static short[] littleEndian(byte[] frame) {
        short[] samples = new short[frame.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((frame[2 * i] & 0xFF) | frame[2 * i + 1] << 8);
        }
        return samples;
    }

    /** The next frame of {@code size} bytes, skipping frames of the size before a switch. */
    private static byte[] frameOf(WsClient client, int size) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] frame = client.nextBinary(Duration.ofMillis(500));
            if (frame != null && frame.length == size) {
                return frame;
            }
        }
        return null;
    }

    @Test
    void framesInTheChosenFormatThenRtpLinesAgain() throws Exception {
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:tone.wav:" + Wavs.base64(Wavs.tone(8000, 1000, 8000 * 10, 0.5)));
            assertTrue(client.next().startsWith("WAV_ACK:stored"));
            client.send("AUDIO_FORMAT:l16");
            assertEquals("AUDIO_FORMAT:l16", client.next());
            client.send("CALL:0912345678");
            client.nextStartingWith("CALL_STATE:ANSWERED", WAIT);
            client.send("PLAY_WAV:tone.wav");
            client.nextStartingWith("WAV_ACK:playing", WAIT);

            short[] heard = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (heard == null && System.nanoTime() < deadline) {
                byte[] frame = frameOf(client, 320);
                assertNotNull(frame, "20 ms frames of 8 kHz 16-bit PCM");
                short[] samples = littleEndian(frame);
                if (Tones.rms(samples, 0, samples.length) > 1000) {
                    heard = samples;
                }
            }
            assertNotNull(heard, "the echoed tone arrives as frames");
            assertTrue(Tones.decibels(Tones.goertzelPower(heard, 0, 160, 1000, 8000)
                    / Tones.goertzelPower(heard, 0, 160, 2500, 8000)) > 20, "a 1 kHz tone");
            client.assertNothingWithin(Duration.ofMillis(300)); // no RTP lines while the session takes frames

            client.send("AUDIO_FORMAT:l16-16k");
            client.nextStartingWith("AUDIO_FORMAT:l16-16k", WAIT);
            short[] wide = littleEndian(frameOf(client, 640));
            assertEquals(320, wide.length, "20 ms at 16 kHz");

            client.send("AUDIO_FORMAT:off");
            client.nextStartingWith("AUDIO_FORMAT:off", WAIT);
            assertTrue(client.nextStartingWith("RTP:", WAIT).startsWith("RTP:"), "RTP lines again");
            client.send("HANGUP");
            client.nextStartingWith("CALL_STATE:ENDED", WAIT);
        }
    }

    @Test
    void anUnknownFormatIsRefused() throws Exception {
        try (WsClient client = connect()) {
            client.send("AUDIO_FORMAT:opus");
            assertEquals("ERROR:bad-command:unknown audio format 'opus' (expected pcmu, pcma, l16, l16-16k or off)", client.next());
        }
    }
}
