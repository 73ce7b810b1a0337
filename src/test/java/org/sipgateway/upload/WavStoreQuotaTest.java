package org.sipgateway.upload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.GatewayException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 7 obs. 8: per-token folders and the two upload quotas, on the store itself. */
class WavStoreQuotaTest {

    @TempDir
    Path dir;

    @Test
    void eachTokenNameHasItsOwnFolder() throws Exception {
        WavStore store = new WavStore(dir, 1_000_000, 1_000_000);
        store.store("alice", "hello.wav", bytes(100, 1));
        store.store("bob", "hello.wav", bytes(200, 2));
        store.store(WavStore.SHARED, "hello.wav", bytes(300, 3));
        assertArrayEquals(bytes(100, 1), store.read("alice", "hello.wav"), "bob did not overwrite alice's file");
        assertArrayEquals(bytes(200, 2), store.read("bob", "hello.wav"));
        assertArrayEquals(bytes(300, 3), Files.readAllBytes(dir.resolve("hello.wav")), "shared is the top-level folder");
        assertEquals(dir.resolve("alice").resolve("hello.wav"), store.path("alice", "hello.wav"));
        store.store("alice", "only-alice.wav", bytes(10, 4));
        assertFalse(store.exists("bob", "only-alice.wav"), "bob cannot see alice's names");
        assertFalse(store.exists(WavStore.SHARED, "only-alice.wav"));
    }

    @Test
    void unsafeTokenNamesAreNoFolder() {
        for (String name : List.of("..", ".hidden", "a/b", "a.wav", "x".repeat(65))) {
            GatewayException e = assertThrows(GatewayException.class, () -> new WavStore(dir).store(name, "a.wav", bytes(4, 1)), name);
            assertEquals(ErrorCode.BAD_NAME, e.code());
        }
    }

    @Test
    void thePerClientQuotaRefusesAndKeepsThePreviousFile() throws Exception {
        WavStore store = new WavStore(dir, 1_000_000, 1000);
        store.store("alice", "a.wav", bytes(600, 1));
        GatewayException e = assertThrows(GatewayException.class, () -> store.store("alice", "b.wav", bytes(500, 2)));
        assertEquals(ErrorCode.LIMIT, e.code());
        assertTrue(e.getMessage().contains("gateway.upload.max-bytes-per-client=1000"), e.getMessage());
        assertFalse(store.exists("alice", "b.wav"), "nothing written");
        assertDoesNotThrow(() -> store.store("bob", "b.wav", bytes(500, 2)), "bob has his own quota");
        assertThrows(GatewayException.class, () -> store.store("alice", "a.wav", bytes(1001, 3)));
        assertArrayEquals(bytes(600, 1), store.read("alice", "a.wav"), "the previous file is intact");
        store.store("alice", "a.wav", bytes(1000, 4));
        assertEquals(1000, store.usedBytes("alice"), "replacing a file counts only the difference");
        try (var leftovers = Files.list(dir.resolve("alice"))) {
            assertEquals(1, leftovers.count(), "no temporary file left behind");
        }
    }

    @Test
    void theTotalQuotaCountsEveryFolder() throws Exception {
        WavStore store = new WavStore(dir, 1000, 1000);
        store.store("alice", "a.wav", bytes(400, 1));
        store.store(WavStore.SHARED, "a.wav", bytes(400, 1));
        GatewayException e = assertThrows(GatewayException.class, () -> store.store("bob", "a.wav", bytes(201, 2)));
        assertEquals(ErrorCode.LIMIT, e.code());
        assertTrue(e.getMessage().contains("gateway.upload.max-total-bytes=1000"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("bob").resolve("a.wav")));
        store.store("bob", "a.wav", bytes(200, 2));
        assertEquals(1000, store.usedTotalBytes());
    }

    @Test
    void usageIsCountedFromTheFoldersAtStart() throws Exception {
        new WavStore(dir).store("alice", "a.wav", bytes(700, 1));
        new WavStore(dir).store(WavStore.SHARED, "s.wav", bytes(100, 1));
        WavStore restarted = new WavStore(dir, 1000, 800);
        assertEquals(700, restarted.usedBytes("alice"));
        assertEquals(100, restarted.usedBytes(WavStore.SHARED));
        assertEquals(800, restarted.usedTotalBytes());
        assertThrows(GatewayException.class, () -> restarted.store("alice", "b.wav", bytes(101, 2)));
        assertThrows(GatewayException.class, () -> restarted.store("bob", "b.wav", bytes(201, 2)));
    }

    @Test
    void racingUploadsNeverExceedTheQuota() throws Exception {
        WavStore store = new WavStore(dir, 1_000_000, 10_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> uploads = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String name = "f" + (i % 20) + ".wav";
                uploads.add(() -> {
                    try {
                        store.store("alice", name, bytes(1000, 7));
                        return true;
                    } catch (GatewayException e) {
                        return false;
                    }
                });
            }
            for (Future<Boolean> result : pool.invokeAll(uploads)) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long onDisk;
        try (var files = Files.list(dir.resolve("alice"))) {
            onDisk = files.mapToLong(file -> file.toFile().length()).sum();
        }
        assertTrue(onDisk <= 10_000, "on disk: " + onDisk);
        assertEquals(onDisk, store.usedBytes("alice"), "the count matches the folder");
    }

    private static byte[] bytes(int length, int fill) {
        byte[] data = new byte[length];
        java.util.Arrays.fill(data, (byte) fill);
        return data;
    }
}
