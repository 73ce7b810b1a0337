package org.sipgateway.console;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.support.Browser;
import org.sipgateway.support.ConsoleFarEndTestSupport;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.Tones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Speaking from the page: the fake microphone's tone, taken at 16 kHz and sent as l16-16k binary
 * frames, is what the far end receives as PCMU RTP (decoded and checked for the tone by the test,
 * not by the page).
 */
class ConsoleMicrophoneReachesFarEndTest extends ConsoleFarEndTestSupport {

    private static final int PACKETS = 50;

    @Test
    void theFarEndHearsTheMicrophonesTone() throws Exception {
        page.openAndConnect();
        page.dial("0912345678");
        // Past the first second: the silence sent before the microphone started is behind us.
        browser.until(d -> page.counter("framesOut") > 75);
        sink.clear();
        List<RtpSink.Received> audio = sink.await(PACKETS, CALL_WAIT).stream()
                .filter(r -> r.packet().payloadType() == G711Codec.PCMU.payloadType()).toList();
        assertTrue(audio.size() >= PACKETS - 5, "audio packets: " + audio.size());
        short[] heard = RtpSink.decode(audio, G711Codec.PCMU);
        double dominance = Tones.dominanceDb(heard, Browser.TONE_HZ, 8000);
        assertTrue(dominance > 20, "the far end hears the microphone's " + Browser.TONE_HZ + " Hz: " + dominance + " dB");

        assertEquals("(local-bye)", page.hangUp());
        assertSippSucceeded();
    }
}
