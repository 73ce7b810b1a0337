package org.sipgateway.rtp.pipeline;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.MediaSink;
import org.sipgateway.rtp.RtpFrame;
import org.sipgateway.rtp.TestCallMedia;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The stages in order: a malformed datagram, a stranger and a foreign SSRC are dropped and counted;
 * every accepted packet reaches the packet sinks as it arrived (DTMF and comfort noise too), only
 * audio reaches the audio sinks; a sink that throws does not stop the others.
 */
class InboundPipelineTest {

    private final TestCallMedia call = new TestCallMedia();
    private final List<String> packets = new ArrayList<>();
    private final java.io.ByteArrayOutputStream audio = new java.io.ByteArrayOutputStream();

    private final MediaSink recorder = new MediaSink() {
        @Override
        public void packet(RtpFrame frame) {
            packets.add(frame.kind() + ":" + frame.sequenceNumber());
        }

        @Override
        public boolean wantsAudio() {
            return true;
        }

        @Override
        public void audio(byte[] data, int offset, int length) {
            audio.write(data, offset, length);
        }
    };
    private final MediaSink broken = new MediaSink() {
        @Override
        public void packet(RtpFrame frame) {
            throw new IllegalStateException("broken sink");
        }
    };

    @Test
    void dropsAreCountedAndSinksGetWhatTheyAskFor() {
        InboundPipeline pipeline = new InboundPipeline(call, List.of(broken, recorder));
        InetSocketAddress stranger = new InetSocketAddress("127.0.0.1", 40002);
        pipeline.receive(Packets.rtp(0, 1, 160, 7, 160, (byte) 1), call.farEnd, 1);
        pipeline.receive(new byte[11], call.farEnd, 2);
        pipeline.receive(Packets.rtp(0, 2, 320, 7, 160, (byte) 9), stranger, 3);
        pipeline.receive(Packets.rtp(0, 2, 320, 99, 160, (byte) 9), call.farEnd, 4);
        pipeline.receive(Packets.rtp(101, 2, 320, 7, 4, (byte) 0), call.farEnd, 5);
        pipeline.receive(Packets.rtp(13, 3, 320, 7, 1, (byte) 40), call.farEnd, 6);
        pipeline.receive(Packets.rtp(0, 4, 480, 7, 160, (byte) 2), call.farEnd, 7);
        pipeline.finish();

        assertEquals(List.of("AUDIO:1", "TELEPHONE_EVENT:2", "COMFORT_NOISE:3", "AUDIO:4"), packets);
        assertEquals(4, pipeline.received());
        assertEquals(1, pipeline.dropped(Drop.MALFORMED));
        assertEquals(1, pipeline.dropped(Drop.UNEXPECTED_SOURCE));
        assertEquals(1, pipeline.dropped(Drop.FOREIGN_SSRC));
        // Sequence 2 and 3 were not audio: two packets' worth of silence between the two audio packets.
        byte[] expected = new byte[4 * 160];
        java.util.Arrays.fill(expected, 0, 160, (byte) 1);
        java.util.Arrays.fill(expected, 160, 480, (byte) 0xFF);
        java.util.Arrays.fill(expected, 480, 640, (byte) 2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, audio.toByteArray());
    }
}
