package org.sipgateway.session;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.call.StreamIngress;
import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.Tones;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md §6, the client's own audio: a second of 16 kHz PCM sent at once, in messages whose
 * sizes do not fall on packet boundaries, reaches the far end as one continuous stream of 20 ms
 * PCMU packets paced in real time (sequence numbers consecutive, one marker), carrying the tone;
 * a frame that is not whole samples and audio over the queue's limit are refused.
 */
class ClientAudioIntoCallTest extends FarEndSinkTestSupport {

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
        properties.setProperty("gateway.media.max-queued-ms", "1500");
        properties.setProperty("gateway.media.xoff-ms", "1200");
        properties.setProperty("gateway.media.xon-ms", "800");
    }


    /** The five frames below skip the routes unless the routes are asked for. */
    protected long fastPathFrames() {
        return 5;
    }

    private long framesTakenOnTheFastPath() {
        StreamIngress ingress = context.getRegistry().lookupByNameAndType("streamIngress", StreamIngress.class);
        return ingress == null ? 0 : ingress.taken();
    }

    @Test
    void streamedAudioIsPacedIntoTheCall() throws Exception {
        short[] tone = Tones.sine(1000, 16000, 16000, 12000);
        try (WsClient client = connect()) {
            client.send("AUDIO_FORMAT:l16-16k");
            assertEquals("AUDIO_FORMAT:l16-16k", client.next());
            callAndExpectAnswer(client, "0912345678");
            int[] cuts = {0, 1234, 5000, 5001, 9999, 16000};
            for (int i = 1; i < cuts.length; i++) {
                client.sendBinary(Tones.littleEndian(tone, cuts[i - 1], cuts[i]));
            }
            List<RtpSink.Received> packets = sink.await(50, CALL_WAIT);
            long spreadMillis = (packets.get(49).arrivalNanos() - packets.get(0).arrivalNanos()) / 1_000_000;
            assertTrue(spreadMillis >= 900 && spreadMillis <= 1100, "50 packets paced over ~980 ms, took " + spreadMillis);
            int first = packets.get(0).packet().sequenceNumber();
            for (int i = 0; i < 50; i++) {
                RtpPacket packet = packets.get(i).packet();
                assertEquals((first + i) & 0xFFFF, packet.sequenceNumber(), "continuous sequence");
                assertEquals(i == 0, packet.marker(), "the marker on the first packet only, packet " + i);
                assertEquals(160, packet.payloadLength());
            }
            short[] heard = RtpSink.decode(packets.subList(5, 45), G711Codec.PCMU);
            assertTrue(Tones.decibels(Tones.goertzelPower(heard, 0, heard.length, 1000, 8000)
                    / Tones.goertzelPower(heard, 0, heard.length, 3000, 8000)) > 30, "the 1 kHz tone, at 8 kHz");

            assertEquals(fastPathFrames(), framesTakenOnTheFastPath(), "frames that skipped the routes");

            client.sendBinary(new byte[] {1, 2, 3});
            assertEquals("ERROR:bad-command:3 bytes is not a whole number of l16-16k samples", client.next());
            client.sendBinary(Tones.littleEndian(tone, 0, 16000));
            client.sendBinary(Tones.littleEndian(tone, 0, 16000));
            assertTrue(client.nextStartingWith("ERROR:limit:", CALL_WAIT).startsWith("ERROR:limit:audio refused"),
                    "two seconds at once are over the 1.5 s limit");
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
