package org.sipgateway.recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipgateway.media.WavInfo;
import org.sipgateway.media.WavParser;
import org.sipgateway.rtp.MediaSink;
import org.sipgateway.rtp.RtpFrame;
import org.sipgateway.rtp.TestCallMedia;
import org.sipgateway.rtp.pipeline.InboundPipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8: a recording on a disk where every write takes 300 ms does not delay the call's other
 * sinks (the client's packets): each packet passes the whole pipeline in well under one packet
 * time, and the recording still ends complete, every packet in it.
 */
class SlowDiskTest {

    private static final int PACKETS = 100;
    private static final long WRITE_MILLIS = 300;

    @TempDir
    Path dir;

    @Test
    void aSlowDiskDoesNotDelayTheClientsPackets() throws Exception {
        List<DiskLimitedChannel> channels = new ArrayList<>();
        // The far end alone: this pipeline runs without a media clock to pair it with.
        Recordings recordings = new Recordings(dir, 64 * 1024, false, part -> {
            DiskLimitedChannel channel = DiskLimitedChannel.create(part, 1 << 20);
            channel.slowWrites(WRITE_MILLIS);
            channels.add(channel);
            return channel;
        });
        TestCallMedia call = new TestCallMedia();
        List<Long> clientDelays = new ArrayList<>();
        MediaSink client = new MediaSink() {
            @Override
            public void packet(RtpFrame frame) {
                clientDelays.add(System.nanoTime() - frame.arrivalNanos());
            }
        };
        InboundPipeline pipeline = new InboundPipeline(call, List.of(recordings.open(call, reason -> { }), client));
        long worstPass = 0;
        long start = System.nanoTime();
        for (int i = 0; i < PACKETS; i++) {
            long due = start + i * 20_000_000L;
            while (System.nanoTime() < due) {
                Thread.onSpinWait(); // a real stream's pace, so the writer runs (slowly) meanwhile
            }
            byte[] packet = new byte[172];
            packet[0] = (byte) 0x80;
            packet[2] = (byte) (i >>> 8);
            packet[3] = (byte) i;
            long timestamp = 160L * i;
            packet[6] = (byte) (timestamp >>> 8);
            packet[7] = (byte) timestamp;
            packet[11] = 7;
            java.util.Arrays.fill(packet, 12, 172, (byte) (i % 2 == 0 ? 0x10 : 0x90));
            long before = System.nanoTime();
            pipeline.receive(packet, call.farEnd, before);
            worstPass = Math.max(worstPass, System.nanoTime() - before);
        }
        pipeline.finish();
        assertEquals(PACKETS, clientDelays.size());
        assertTrue(worstPass < 20_000_000L, "the slowest packet took " + worstPass / 1000 + " us through the pipeline");
        assertTrue(clientDelays.stream().allMatch(d -> d < 20_000_000L), "no client packet waited for the disk");
        assertTrue(!channels.isEmpty(), "the recording was started on the slow disk");

        recordings.close();
        Path wav;
        try (Stream<Path> files = Files.list(dir)) {
            wav = files.filter(f -> f.toString().endsWith(".wav")).findFirst().orElseThrow();
        }
        WavInfo info = WavParser.parse(Files.readAllBytes(wav));
        assertEquals(PACKETS * 20, info.durationMillis(), "every packet is in the recording");
    }
}
