package org.sipgateway.rtp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The outbound queue of sources: files queued one after another play back to back, each reported
 * STARTED when it starts and DONE when it ends, with sequence numbers continuous across them and
 * into the silence after, and the marker bit only on the first packet of the talkspurt.
 */
class MediaSessionQueueTest {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void queuedFilesPlayBackToBackWithOneContinuousStream() throws Exception {
        TestCallMedia call = new TestCallMedia();
        MediaSession session = new MediaSession(call, true, Runnable::run, event -> events.add(event.toString()));
        EmbeddedChannel channel = new EmbeddedChannel();
        session.bind(channel, null);
        session.append("a.wav", new short[800], G711Codec.PCMU);
        session.append("b.wav", new short[480], G711Codec.PCMU);
        assertEquals(List.of("STARTED a.wav"), events);
        for (int i = 0; i < 10; i++) {
            session.tick();
        }
        assertEquals(List.of("STARTED a.wav", "DONE a.wav", "STARTED b.wav", "DONE b.wav"), events);

        List<byte[]> sent = new ArrayList<>();
        DatagramPacket packet;
        while ((packet = channel.readOutbound()) != null) {
            assertEquals(call.farEnd, packet.recipient());
            ByteBuf content = packet.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.readBytes(bytes);
            packet.release();
            sent.add(bytes);
        }
        assertEquals(10, sent.size(), "5 + 3 packets of the files, then silence");
        int first = (sent.get(0)[2] & 0xFF) << 8 | sent.get(0)[3] & 0xFF;
        for (int i = 0; i < sent.size(); i++) {
            byte[] bytes = sent.get(i);
            assertEquals(172, bytes.length);
            assertEquals((first + i) & 0xFFFF, (bytes[2] & 0xFF) << 8 | bytes[3] & 0xFF, "sequence of packet " + i);
            assertEquals(i == 0, (bytes[1] & 0x80) != 0, "marker only on the first packet, packet " + i);
        }
        channel.finishAndReleaseAll();
    }
}
