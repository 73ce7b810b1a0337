package org.sipgateway.upload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two clients upload the same name at once: both are acknowledged and one complete file remains. */
class ConcurrentUploadTest extends GatewayTestSupport {

    private static final int ROUNDS = 10;

    @Test
    void sameNameAtOnceLeavesOneCompleteFile() throws Exception {
        byte[] first = Wavs.tone(8000, 440, 200_000, 0.3);
        byte[] second = Wavs.tone(8000, 880, 220_000, 0.5);
        String firstMessage = "WAV_UPLOAD:same.wav:" + Wavs.base64(first);
        String secondMessage = "WAV_UPLOAD:same.wav:" + Wavs.base64(second);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (WsClient a = connect(); WsClient b = connect()) {
            for (int round = 0; round < ROUNDS; round++) {
                CountDownLatch go = new CountDownLatch(1);
                Future<?> sendA = pool.submit(() -> { await(go); a.send(firstMessage); });
                Future<?> sendB = pool.submit(() -> { await(go); b.send(secondMessage); });
                go.countDown();
                sendA.get();
                sendB.get();
                assertEquals("WAV_ACK:stored same.wav (" + first.length + " bytes)", a.next());
                assertEquals("WAV_ACK:stored same.wav (" + second.length + " bytes)", b.next());
                byte[] stored = Files.readAllBytes(uploadDir.resolve("same.wav"));
                assertTrue(Arrays.equals(first, stored) || Arrays.equals(second, stored),
                        "round " + round + ": stored file is neither upload (" + stored.length + " bytes)");
                try (Stream<Path> files = Files.list(uploadDir)) {
                    assertEquals(1, files.count(), "only the final file may remain");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
