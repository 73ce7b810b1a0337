package org.sipgateway.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A really small disk: a tmpfs of a few KiB mounted on a folder, which fills after a second or
 * two of recording. Mounting needs root (as on the project's machines and CI); without it
 * {@link #mounted()} is false and the test skips itself.
 */
public final class TinyDisk implements AutoCloseable {

    private final Path dir;
    private final boolean mounted;

    private TinyDisk(Path dir, boolean mounted) {
        this.dir = dir;
        this.mounted = mounted;
    }

    public static TinyDisk mount(Path dir, String size) {
        boolean mounted;
        try {
            Files.createDirectories(dir);
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            mounted = mount.waitFor() == 0;
        } catch (Exception e) {
            mounted = false;
        }
        return new TinyDisk(dir, mounted);
    }

    public Path dir() {
        return dir;
    }

    public boolean mounted() {
        return mounted;
    }

    @Override
    public void close() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", dir.toString()).start().waitFor();
        }
    }
}
