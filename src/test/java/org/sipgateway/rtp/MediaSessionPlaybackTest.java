package org.sipgateway.rtp;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Playback events: DONE exactly once per STARTED, in order, and nothing started after the call closed. */
class MediaSessionPlaybackTest {

    private final List<String> events = new CopyOnWriteArrayList<>();

    private MediaSession session() {
        CallMedia call = new CallMedia() {
            public String callId() {
                return "call-1";
            }

            public String owner() {
                return "session-1";
            }

            public int localRtpPort() {
                return 32000;
            }

            public InetSocketAddress sendTo() {
                return null;
            }

            public InetSocketAddress expectFrom() {
                return null;
            }

            public int payloadType() {
                return 0;
            }

            public G711Codec codec() {
                return G711Codec.PCMU;
            }

            public boolean ended() {
                return false;
            }
        };
        return new MediaSession(call, true, Runnable::run, event -> events.add(event.toString()));
    }

    @Test
    void replaceAndStopReportEachPlaybackOnce() throws Exception {
        MediaSession session = session();
        session.play("a.wav", new short[800], G711Codec.PCMU);
        session.play("b.wav", new short[800], G711Codec.PCMU);
        session.stop("stopped");
        session.stop("stopped");
        assertEquals(List.of("STARTED a.wav", "DONE a.wav (replaced)", "STARTED b.wav", "DONE b.wav (stopped)"), events);
    }

    @Test
    void nothingPlaysAfterTheCallClosed() throws Exception {
        MediaSession session = session();
        session.play("a.wav", new short[800], G711Codec.PCMU);
        session.close("call ended");
        RtpException refused = assertThrows(RtpException.class, () -> session.play("b.wav", new short[800], G711Codec.PCMU));
        assertEquals("ERROR:no-call:the call ended", refused.toWire());
        assertEquals(List.of("STARTED a.wav", "DONE a.wav (call ended)"), events);
    }

    @Test
    void playRacingCloseNeverLeavesAStartWithoutItsEnd() throws Exception {
        short[] longFile = new short[8000 * 60];
        for (int round = 0; round < 200; round++) {
            events.clear();
            MediaSession session = session();
            CountDownLatch go = new CountDownLatch(1);
            Thread player = new Thread(() -> {
                try {
                    go.await();
                    session.play("x.wav", longFile, G711Codec.PCMU);
                } catch (RtpException | InterruptedException e) {
                    events.add("refused");
                }
            });
            player.start();
            go.countDown();
            session.close("call ended");
            player.join();
            List<String> seen = List.copyOf(events);
            assertTrue(seen.equals(List.of("refused")) || seen.equals(List.of("STARTED x.wav", "DONE x.wav (call ended)")),
                    "round " + round + ": " + seen);
        }
    }
}
