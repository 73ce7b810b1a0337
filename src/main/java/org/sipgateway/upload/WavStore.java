package org.sipgateway.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload folder. A file is written to a hidden temporary file in the same folder, forced to
 * disk and then atomically renamed over its final name, so a reader sees either the old complete
 * file or the new complete one, and concurrent uploads of one name leave exactly one of them.
 * Names are validated by {@link org.sipgateway.command.FileNames} before they get here.
 */
public final class WavStore {

    static final String TEMP_PREFIX = ".upload-";
    static final String TEMP_SUFFIX = ".tmp";

    private static final Logger LOG = LoggerFactory.getLogger(WavStore.class);

    private final Path dir;

    public WavStore(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        Files.createDirectories(this.dir);
        removeLeftovers();
    }

    public Path dir() {
        return dir;
    }

    public Path path(String validatedName) {
        Path file = dir.resolve(validatedName).normalize();
        if (!file.getParent().equals(dir)) {
            throw new IllegalArgumentException("file name escapes the upload folder: " + validatedName);
        }
        return file;
    }

    public boolean exists(String validatedName) {
        return Files.isRegularFile(path(validatedName));
    }

    public byte[] read(String validatedName) throws IOException {
        return Files.readAllBytes(path(validatedName));
    }

    /** Stores {@code content} under the name; on failure the previous file of that name is untouched. */
    public void store(String validatedName, byte[] content) throws IOException {
        Path target = path(validatedName);
        Path temp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the upload folder does not support atomic renames: " + dir, e);
            }
            syncDirectory();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory for that. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot sync directory {}: {}", dir, e.toString());
        }
    }

    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path leftover : leftovers) {
                LOG.info("Removing unfinished upload {} left by an earlier run", leftover.getFileName());
                Files.deleteIfExists(leftover);
            }
        } catch (NoSuchFileException e) {
            LOG.debug("Upload folder vanished while cleaning: {}", dir);
        }
    }
}
