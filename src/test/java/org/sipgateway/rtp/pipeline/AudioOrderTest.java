package org.sipgateway.rtp.pipeline;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.MediaSink;
import org.sipgateway.rtp.TestCallMedia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reorder and gap fill: audio sinks get the payloads in order, a loss as the codec's silence. */
class AudioOrderTest {

    private static final InetSocketAddress FAR = new InetSocketAddress("127.0.0.1", 40000);
    private final ByteArrayOutputStream heard = new ByteArrayOutputStream();
    private final List<RuntimeException> failures = new ArrayList<>();
    private final TestCallMedia call = new TestCallMedia();

    private AudioOrder order() {
        MediaSink sink = new MediaSink() {
            @Override
            public boolean wantsAudio() {
                return true;
            }

            @Override
            public void audio(byte[] data, int offset, int length) {
                heard.write(data, offset, length);
            }
        };
        return new AudioOrder(new MediaSink[] {sink}, call, (s, e) -> failures.add(e));
    }

    private static byte[] expected(byte... perPacket) {
        byte[] bytes = new byte[perPacket.length * 160];
        for (int i = 0; i < perPacket.length; i++) {
            java.util.Arrays.fill(bytes, i * 160, (i + 1) * 160, perPacket[i]);
        }
        return bytes;
    }

    @Test
    void lateOnesAreReorderedAndALossIsFilledWithSilence() {
        call.codec = G711Codec.PCMA;
        AudioOrder order = order();
        order.offer(Packets.frame(Packets.rtp(8, 10, 1600, 7, 160, (byte) 1), FAR, 1));
        order.offer(Packets.frame(Packets.rtp(8, 12, 1920, 7, 160, (byte) 3), FAR, 2));
        order.offer(Packets.frame(Packets.rtp(8, 11, 1760, 7, 160, (byte) 2), FAR, 3));
        order.offer(Packets.frame(Packets.rtp(8, 14, 2240, 7, 160, (byte) 5), FAR, 4));
        order.finish();
        assertArrayEquals(expected((byte) 1, (byte) 2, (byte) 3, G711Codec.PCMA.silence(), (byte) 5), heard.toByteArray());
        assertEquals(1, order.gapsFilled());
        assertEquals(List.of(), failures);
    }

    @Test
    void aNewSsrcStartsANewOrder() {
        AudioOrder order = order();
        order.offer(Packets.frame(Packets.rtp(0, 100, 0, 7, 160, (byte) 1), FAR, 1));
        order.offer(Packets.frame(Packets.rtp(0, 5000, 99999, 8, 160, (byte) 2), FAR, 2));
        order.offer(Packets.frame(Packets.rtp(0, 5001, 100159, 8, 160, (byte) 3), FAR, 3));
        order.finish();
        assertArrayEquals(expected((byte) 1, (byte) 2, (byte) 3), heard.toByteArray());
        assertEquals(0, order.gapsFilled());
    }
}
