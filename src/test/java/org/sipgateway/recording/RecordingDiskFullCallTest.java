package org.sipgateway.recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sipgateway.media.WavEncoding;
import org.sipgateway.media.WavParser;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.TinyDisk;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A really full disk: recordings go to a 16 KiB tmpfs, about two seconds of audio. When it fills,
 * the session gets one ERROR, the call and its audio go on, and hanging up still leaves a
 * playable .wav of what fitted. Mounting needs root (as on the project's machines and CI).
 */
class RecordingDiskFullCallTest extends GatewayTestSupport {

    private TinyDisk disk;
    private Path tiny;
    private boolean mounted;

    @Override
    protected void settings(Properties properties) {
        if (disk == null) {
            disk = TinyDisk.mount(workDir.resolve("tiny-disk"), "16k");
            tiny = disk.dir();
            mounted = disk.mounted();
        }
        properties.setProperty("gateway.recording.dir", tiny.toString());
    }

    @AfterAll
    void unmount() throws Exception {
        disk.close();
    }

    @Test
    void fullDiskStopsTheRecordingNotTheCall() throws Exception {
        Assumptions.assumeTrue(mounted, "needs root to mount a 16 KiB tmpfs as a full disk");
        try (WsClient client = connect()) {
            client.send("CALL:0912345678");
            client.nextStartingWith("CALL_STATE:ANSWERED", WsClient.DEFAULT_WAIT);
            String error = client.nextStartingWith("ERROR:", Duration.ofSeconds(15));
            assertTrue(error.startsWith("ERROR:internal:recording stopped: "), error);
            assertTrue(error.contains("No space left on device"), error);
            for (int i = 0; i < 25; i++) {
                assertTrue(client.nextStartingWith("RTP:", WsClient.DEFAULT_WAIT).startsWith("RTP:"), "audio goes on");
            }
            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", WsClient.DEFAULT_WAIT));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Path> files;
        do {
            try (Stream<Path> listing = Files.list(tiny)) {
                files = listing.toList();
            }
        } while (!(files.size() == 1 && files.get(0).toString().endsWith(".wav")) && System.nanoTime() < deadline && sleep());
        assertEquals(1, files.size(), "one recording: " + files);
        assertTrue(files.get(0).toString().endsWith(".wav"), "completed despite the full disk: " + files);
        var info = WavParser.parse(Files.readAllBytes(files.get(0)));
        assertEquals(WavEncoding.MULAW, info.encoding());
        assertEquals(2, info.channels(), "both directions");
        // 16 KiB of tmpfs, less the header and whatever the filesystem keeps: about 900 ms of stereo.
        assertTrue(info.durationMillis() > 500, "what fitted is kept: " + info.durationMillis() + " ms");
        assertTrue(logs.contains("stopped after"), "the log says the recording stopped");
    }

    private static boolean sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
