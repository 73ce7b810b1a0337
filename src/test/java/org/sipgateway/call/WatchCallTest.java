package org.sipgateway.call;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.support.PcapWriter;
import org.sipgateway.support.RawWsClient;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.Tones;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WATCH (PROTOCOL.md §9): a second session hears a call's far end in its own format and gets its
 * CALL_STATE lines; a third that watches and never reads changes nothing for the call, whose
 * owner still gets every packet. SIPp answers and replays a 700 Hz stream 1.5 s after the ACK.
 */
class WatchCallTest extends SipTestSupport {

    private static final int TONE_HZ = 700;
    private static final int PACKETS = 100;

    @Override
    protected String scenario() {
        return "uas-answer-play-pcap.xml";
    }

    @Override
    protected String[] sippArguments() {
        List<byte[]> stream = PcapWriter.toneRtp(G711Codec.PCMU, TONE_HZ, PACKETS, 7000, 0x10_0000L, 0x7A7C_0001L);
        PcapWriter.installForSipp(PcapWriter.every20ms(stream, "192.0.2.10", 40_000, "192.0.2.20", 30_000));
        return new String[] {"-set", "rtp_pt", "0", "-set", "rtp_codec", "PCMU", "-d", "1500"};
    }

    @Test
    void aWatcherHearsTheFarEndAndAStalledOneChangesNothing() throws Exception {
        try (WsClient owner = connect(); WsClient watcher = connect();
                RawWsClient stalled = RawWsClient.connect(wsPort, 4096)) {
            owner.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", owner.next(CALL_WAIT));
            assertEquals("CALL_STATE:RINGING", owner.next(CALL_WAIT));
            assertEquals("CALL_STATE:ANSWERED", owner.next(CALL_WAIT));
            String callId = expectMediaStart(owner, "PCMU");

            stalled.sendText("AUDIO_FORMAT:l16-16k");
            stalled.sendText("WATCH:" + callId);
            watcher.send("AUDIO_FORMAT:l16");
            assertEquals("AUDIO_FORMAT:l16", watcher.next(CALL_WAIT));
            watcher.send("WATCH:" + callId);
            assertEquals("WATCH:" + callId.replace(":", "%3A"), watcher.next(CALL_WAIT));
            assertEquals("CALL_STATE:ANSWERED", watcher.next(CALL_WAIT));
            assertEquals("MEDIA_START:codec=PCMU;rate=8000;ptime=20;call=" + callId, watcher.next(CALL_WAIT));
            watcher.send("WATCH:" + callId);
            assertEquals("ERROR:bad-command:already watching " + callId, watcher.next(CALL_WAIT));

            int lines = 0;
            while (lines < PACKETS) {
                owner.nextStartingWith("RTP:", CALL_WAIT);
                lines++;
            }
            short[] heard = new short[PACKETS * 160];
            int at = 0;
            while (at < heard.length) {
                byte[] frame = watcher.nextBinary(CALL_WAIT);
                assertEquals(320, frame.length, "20 ms of l16");
                for (int i = 0; i < 160 && at < heard.length; i++) {
                    heard[at++] = (short) ((frame[2 * i] & 0xFF) | frame[2 * i + 1] << 8);
                }
            }
            double dominance = Tones.dominanceDb(heard, TONE_HZ, 8000);
            assertTrue(dominance > 20, "the watcher hears the far end's 700 Hz: " + dominance + " dB");

            // SIPp's pause after the stream must be over: a BYE during a pause fails its call.
            owner.assertNothingWithin(java.time.Duration.ofMillis(700));
            owner.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", owner.nextStartingWith("CALL_STATE", CALL_WAIT));
            assertEquals("CALL_STATE:ENDED:local-bye", watcher.nextStartingWith("CALL_STATE", CALL_WAIT));
            assertSippSucceeded();
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("RTP closed: received " + PACKETS + ",")),
                    "the call took every packet while a watcher stalled");
        }
    }
}
