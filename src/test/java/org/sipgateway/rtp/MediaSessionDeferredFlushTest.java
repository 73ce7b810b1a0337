package org.sipgateway.rtp;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A tick that does not flush (the clock's precise phases) builds its packet and leaves it in the
 * channel; the flush sends exactly that packet, and the call's reused send buffer carries the next
 * tick's packet after it, with the sequence going on by one.
 */
class MediaSessionDeferredFlushTest {

    @Test
    void aPacketLeavesOnlyAtTheFlushAndTheNextTickReusesItsBuffer() throws Exception {
        TestCallMedia call = new TestCallMedia();
        MediaSession session = new MediaSession(call, true, Runnable::run, event -> { });
        EmbeddedChannel channel = new EmbeddedChannel();
        session.bind(channel, null);
        session.append("a.wav", new short[1600], G711Codec.PCMU);

        int previous = -1;
        for (int i = 0; i < 5; i++) {
            session.tick(false);
            assertNull(channel.readOutbound(), "nothing leaves before the flush, tick " + i);
            session.flush();
            DatagramPacket packet = channel.readOutbound();
            assertNotNull(packet, "the flush sends the tick's packet, tick " + i);
            assertEquals(call.farEnd, packet.recipient());
            assertEquals(172, packet.content().readableBytes());
            int sequence = packet.content().getUnsignedShort(2);
            if (previous >= 0) {
                assertEquals((previous + 1) & 0xFFFF, sequence, "sequence after tick " + i);
            }
            previous = sequence;
            packet.release();
            session.flush();
            assertNull(channel.readOutbound(), "a second flush sends nothing more, tick " + i);
        }

        session.tick(true);
        DatagramPacket flushedAtOnce = channel.readOutbound();
        assertNotNull(flushedAtOnce, "a flushing tick sends at once");
        assertEquals((previous + 1) & 0xFFFF, flushedAtOnce.content().getUnsignedShort(2));
        flushedAtOnce.release();
        channel.finishAndReleaseAll();
    }
}
