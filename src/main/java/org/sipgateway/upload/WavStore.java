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
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.GatewayException;
import org.sipgateway.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload folder. A file is written to a hidden temporary file in the same folder, forced to
 * disk and then atomically renamed over its final name, so a reader sees either the old complete
 * file or the new complete one, and concurrent uploads of one name leave exactly one of them.
 * Names are validated by {@link org.sipgateway.command.FileNames} before they get here.
 *
 * <p>Spaces (PROTOCOL.md §7): a client with a token has its own folder {@code <dir>/<token name>/}
 * for WAV_UPLOAD and PLAY_WAV, so clients can neither overwrite nor probe each other's files.
 * Trusted clients without a token share the top-level folder (space {@link #SHARED}), as the
 * seed's clients always did; for the per-client quota that folder counts as one client.
 *
 * <p>Quotas: gateway.upload.max-total-bytes (all spaces) and gateway.upload.max-bytes-per-client
 * (one space). Usage is counted from the folders at start and kept up to date under this
 * object's lock; a store first reserves the growth it may cause (new size minus the current
 * file's), writes without the lock, and settles the real difference when it renames.
 */
public final class WavStore {

    /** The top-level folder, shared by trusted clients that have no token. */
    public static final String SHARED = "";

    static final String TEMP_PREFIX = ".upload-";
    static final String TEMP_SUFFIX = ".tmp";

    private static final Pattern SPACE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    private static final Logger LOG = LoggerFactory.getLogger(WavStore.class);

    private final Path dir;
    private final long maxTotalBytes;
    private final long maxBytesPerSpace;
    private final Map<String, Long> used = new HashMap<>();
    private final Map<String, Long> reserved = new HashMap<>();
    private long usedTotal;
    private long reservedTotal;

    /** No quotas: what tests of the folder alone use. */
    public WavStore(Path dir) throws IOException {
        this(dir, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    public WavStore(Path dir, long maxTotalBytes, long maxBytesPerSpace) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.maxTotalBytes = maxTotalBytes;
        this.maxBytesPerSpace = maxBytesPerSpace;
        Files.createDirectories(this.dir);
        removeLeftovers(this.dir);
        countUsage();
    }

    /** The space a session's WAV_UPLOAD and PLAY_WAV use: its token name, or {@link #SHARED}. */
    public static String spaceOf(Session session) {
        return session.hasToken() ? session.clientName() : SHARED;
    }

    public Path dir() {
        return dir;
    }

    /** A file of the shared top-level folder. */
    public Path path(String validatedName) {
        return resolve(dir, validatedName);
    }

    /** A file of {@code space}; a token name that is no safe folder name is refused. */
    public Path path(String space, String validatedName) throws GatewayException {
        return resolve(folder(space), validatedName);
    }

    public boolean exists(String validatedName) {
        return Files.isRegularFile(path(validatedName));
    }

    public boolean exists(String space, String validatedName) throws GatewayException {
        return Files.isRegularFile(path(space, validatedName));
    }

    public byte[] read(String validatedName) throws IOException {
        return Files.readAllBytes(path(validatedName));
    }

    public byte[] read(String space, String validatedName) throws IOException, GatewayException {
        return Files.readAllBytes(path(space, validatedName));
    }

    /** Bytes stored in {@code space} now. */
    public synchronized long usedBytes(String space) {
        return used.getOrDefault(space, 0L);
    }

    public synchronized long usedTotalBytes() {
        return usedTotal;
    }

    /** Stores {@code content} in the shared folder (no quota check needed by callers that own it). */
    public void store(String validatedName, byte[] content) throws IOException {
        try {
            store(SHARED, validatedName, content);
        } catch (GatewayException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Stores {@code content} under the name in {@code space}; refused with {@code ERROR:limit}
     * (nothing written) when a quota would be exceeded. On failure the previous file is untouched.
     */
    public void store(String space, String validatedName, byte[] content) throws IOException, GatewayException {
        Path folder = folder(space);
        Path target = resolve(folder, validatedName);
        long reservation = reserve(space, target, validatedName, content.length);
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, TEMP_PREFIX, TEMP_SUFFIX);
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                commit(space, temp, target, content.length);
                syncDirectory(folder);
            } finally {
                Files.deleteIfExists(temp);
            }
        } finally {
            unreserve(space, reservation);
        }
    }

    private synchronized long reserve(String space, Path target, String name, long size) throws GatewayException {
        long growth = Math.max(0, size - sizeOf(target));
        long spaceAfter = used.getOrDefault(space, 0L) + reserved.getOrDefault(space, 0L) + growth;
        if (spaceAfter > maxBytesPerSpace) {
            throw new GatewayException(ErrorCode.LIMIT, "storing " + name + " (" + size + " bytes) would take "
                    + describe(space) + " uploads to " + spaceAfter
                    + " bytes (gateway.upload.max-bytes-per-client=" + maxBytesPerSpace + ")");
        }
        long totalAfter = usedTotal + reservedTotal + growth;
        if (totalAfter > maxTotalBytes) {
            throw new GatewayException(ErrorCode.LIMIT, "storing " + name + " (" + size + " bytes) would take all uploads to "
                    + totalAfter + " bytes (gateway.upload.max-total-bytes=" + maxTotalBytes + ")");
        }
        reserved.merge(space, growth, Long::sum);
        reservedTotal += growth;
        return growth;
    }

    private synchronized void unreserve(String space, long reservation) {
        reserved.merge(space, -reservation, Long::sum);
        reservedTotal -= reservation;
    }

    /** The rename and the accounting of the real difference happen together, so racing uploads count right. */
    private synchronized void commit(String space, Path temp, Path target, long size) throws IOException {
        long previous = sizeOf(target);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the upload folder does not support atomic renames: " + dir, e);
        }
        used.merge(space, size - previous, Long::sum);
        usedTotal += size - previous;
    }

    /** The files stored in {@code space}, by name; unfinished uploads (dot files) are not listed. */
    public java.util.List<String> list(String space) throws IOException, GatewayException {
        Path folder = folder(space);
        java.util.List<String> names = new java.util.ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, Files::isRegularFile)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".wav")) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return names;
    }

    private Path folder(String space) throws GatewayException {
        if (SHARED.equals(space)) {
            return dir;
        }
        if (!SPACE_NAME.matcher(space).matches() || space.contains("..")
                || space.toLowerCase(Locale.ROOT).endsWith(".wav")) {
            throw new GatewayException(ErrorCode.BAD_NAME, "the token name cannot be used as an upload folder"
                    + " (A-Z a-z 0-9 . _ -, at most 64, not ending in .wav)");
        }
        return dir.resolve(space);
    }

    private static Path resolve(Path folder, String validatedName) {
        Path file = folder.resolve(validatedName).normalize();
        if (!file.getParent().equals(folder)) {
            throw new IllegalArgumentException("file name escapes the upload folder: " + validatedName);
        }
        return file;
    }

    private static String describe(String space) {
        return SHARED.equals(space) ? "the shared folder's (trusted clients without a token)" : space + "'s";
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory for that. */
    private static void syncDirectory(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot sync directory {}: {}", folder, e.toString());
        }
    }

    /** Usage at start: the top-level files are the shared space, each sub-folder a token name's. */
    private void countUsage() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    removeLeftovers(entry);
                    used.put(entry.getFileName().toString(), filesSize(entry));
                }
            }
        }
        used.put(SHARED, filesSize(dir));
        usedTotal = used.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long filesSize(Path folder) throws IOException {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, Files::isRegularFile)) {
            for (Path file : files) {
                total += Files.size(file);
            }
        }
        return total;
    }

    private static void removeLeftovers(Path folder) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path leftover : leftovers) {
                LOG.info("Removing unfinished upload {} left by an earlier run", leftover.getFileName());
                Files.deleteIfExists(leftover);
            }
        } catch (NoSuchFileException e) {
            LOG.debug("Upload folder vanished while cleaning: {}", folder);
        }
    }
}
