package org.sipgateway.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.sipgateway.log.LogContext;
import org.sipgateway.media.G711Codec;
import org.sipgateway.media.WavHeaders;
import org.sipgateway.rtp.CallMedia;
import org.sipgateway.rtp.MediaSink;
import org.sipgateway.rtp.MediaSinkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings folder, and the media sink {@code recordings}: each call's ordered audio (the
 * receive pipeline has put it in sequence and filled losses), by default side by side with what
 * the gateway sent ({@link TwoLegs}, a stereo file), goes into a bounded buffer of its own on the
 * call's event loop; one writer thread, every {@link #CHECKPOINT_MILLIS} ms on a fixed-rate
 * schedule (a late run does not push the later ones back), takes every call's bytes in one batch,
 * starts the call's {@link CallRecording} with its first audio, writes the batch and checkpoints
 * the file (header sizes, then force), so a crash loses less than a second, and completes it when
 * the call's media closes. The force is one for all files, a group commit: after every file's
 * audio and header are written, one {@link FilesystemSync} makes them all durable, instead of one
 * fdatasync per file (set {@code gateway.recording.force=file} for those, or where syncfs is not
 * to be had). A failed group force is followed by each file's own, which finds the file it was. A slow or full disk holds up only the writer. At
 * start-up, {@code .wav.part} files an earlier crash left behind get their header sizes from
 * their length and are renamed to {@code .wav}.
 */
public final class Recordings implements AutoCloseable, MediaSinkFactory {

    /** Half a second: with the reorder window (60 ms) a crash loses well under one second. */
    static final long CHECKPOINT_MILLIS = 500;
    /** A call's audio between its packets and the disk: 4 s of a stereo recording. */
    public static final int DEFAULT_BUFFER_BYTES = 64 * 1024;
    static final int RECENT_NAMES = 4096;
    /** RIFF/WAVE §fmt: wFormatTag and nChannels are at these offsets of a canonical header. */
    private static final int FORMAT_TAG_OFFSET = 20;
    private static final int CHANNELS_OFFSET = 22;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);

    private final Path dir;
    private final int bufferBytes;
    private final boolean bothLegs;
    private final FileOpener opener;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    /** The file names of the latest calls, for their ENDED events; bounded. */
    private final Map<String, String> names = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > RECENT_NAMES;
                }
            });
    private final ScheduledExecutorService writer;
    /** The group commit; null: each file is forced on its own. */
    private final FilesystemSync filesystem;
    private final java.util.concurrent.atomic.AtomicLong bytesWritten = new java.util.concurrent.atomic.AtomicLong();

    /** One call being recorded: its buffer, and its file once the first audio came. */
    private static final class Active {
        final String callId;
        final String owner;
        final CallMedia call;
        final RecordingBuffer buffer;
        final int channels;
        /** The file's name, from the moment the call's media opened. */
        final String name;
        G711Codec codec;
        final Consumer<String> failed;
        CallRecording recording;
        boolean unrecordable;
        volatile boolean closed;

        Active(CallMedia call, int bufferBytes, int channels, Consumer<String> failed) {
            this.channels = channels;
            this.name = STAMP.format(Instant.now()) + "-" + safe(call.callId()) + ".wav";
            this.callId = call.callId();
            this.owner = call.owner();
            this.call = call;
            this.buffer = new RecordingBuffer(bufferBytes);
            this.failed = failed;
        }
    }

    /** Opens a new recording's file; tests put a slow or full disk behind it. */
    interface FileOpener {
        FileChannel open(Path part) throws IOException;
    }

    /** Stereo recordings of both directions (PROTOCOL.md §6) in {@code dir}. */
    public Recordings(Path dir) throws IOException {
        this(dir, true);
    }

    /** {@code bothLegs}: stereo, the far end and what the gateway sent; else the far end alone, mono. */
    public Recordings(Path dir, boolean bothLegs) throws IOException {
        this(dir, DEFAULT_BUFFER_BYTES, bothLegs);
    }

    /** {@code bufferBytes} per call between its packets and the disk (8 KiB a second of mono G.711). */
    public Recordings(Path dir, int bufferBytes, boolean bothLegs) throws IOException {
        this(dir, bufferBytes, bothLegs, true);
    }

    /** {@code groupForce}: one syncfs of the folder's filesystem per checkpoint where it can be had; else each file's own force. */
    public Recordings(Path dir, int bufferBytes, boolean bothLegs, boolean groupForce) throws IOException {
        this(dir, bufferBytes, bothLegs, groupForce,
                part -> FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    Recordings(Path dir, int bufferBytes, FileOpener opener) throws IOException {
        this(dir, bufferBytes, true, false, opener);
    }

    /** Tests put a slow or full disk behind {@code opener}; each file is forced on its own, through its channel. */
    Recordings(Path dir, int bufferBytes, boolean bothLegs, FileOpener opener) throws IOException {
        this(dir, bufferBytes, bothLegs, false, opener);
    }

    private Recordings(Path dir, int bufferBytes, boolean bothLegs, boolean groupForce, FileOpener opener) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.bufferBytes = bufferBytes;
        this.bothLegs = bothLegs;
        this.opener = opener;
        Files.createDirectories(this.dir);
        repairLeftovers();
        this.filesystem = groupForce ? FilesystemSync.of(this.dir) : null;
        writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "recording-writer");
            thread.setDaemon(true);
            return thread;
        });
        writer.scheduleAtFixedRate(this::writeAll, CHECKPOINT_MILLIS, CHECKPOINT_MILLIS, TimeUnit.MILLISECONDS);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public MediaSink open(CallMedia call, Consumer<String> failed) {
        Active recording = new Active(call, bufferBytes, bothLegs ? 2 : 1, failed);
        active.put(call.callId(), recording);
        names.put(call.callId(), recording.name);
        if (!bothLegs) {
            return new MediaSink() {
                @Override
                public boolean wantsAudio() {
                    return true;
                }

                @Override
                public void audio(byte[] data, int offset, int length) {
                    recording.buffer.add(data, offset, length);
                }

                @Override
                public void close() {
                    recording.closed = true;
                }
            };
        }
        return new MediaSink() {
            /** Made with the first audio of either side, when the codec (and its silence) is known. */
            private TwoLegs legs;

            private TwoLegs legs() {
                if (legs == null) {
                    G711Codec codec = call.codec() == null ? G711Codec.PCMU : call.codec();
                    legs = new TwoLegs(codec.silence(), recording.buffer::add);
                }
                return legs;
            }

            @Override
            public boolean wantsAudio() {
                return true;
            }

            @Override
            public void audio(byte[] data, int offset, int length) {
                legs().far(data, offset, length);
            }

            @Override
            public boolean wantsSent() {
                return true;
            }

            @Override
            public void sent(byte[] data, int offset, int length) {
                legs().near(data, offset, length);
            }

            @Override
            public void close() {
                if (legs != null) {
                    legs.flush();
                }
                recording.closed = true;
            }
        };
    }

    /** The writer's batch: every call's waiting audio to its file, checkpoints, completions. */
    private void writeAll() {
        List<Active> written = new ArrayList<>();
        for (Active recording : active.values()) {
            try {
                // Read before draining: audio added before the close is then sure to be written.
                boolean closed = recording.closed;
                write(recording);
                if (closed) {
                    complete(recording);
                } else if (recording.recording != null) {
                    checkpoint(recording, filesystem == null);
                    written.add(recording);
                }
            } catch (RuntimeException e) {
                LOG.error("Recording of call {} failed", recording.callId, e);
            }
        }
        if (filesystem != null && !written.isEmpty()) {
            try {
                filesystem.sync();
            } catch (IOException e) {
                LOG.error("{}; forcing each recording to find the one that failed", e.getMessage());
                written.forEach(recording -> checkpoint(recording, true));
            }
        }
    }

    private void write(Active recording) {
        if (recording.unrecordable) {
            return;
        }
        if (recording.codec == null) {
            // Audio reaches the buffer only once the call's codec is known (the answer's SDP).
            recording.codec = recording.call.codec();
            if (recording.codec == null) {
                return;
            }
        }
        try {
            recording.buffer.drainTo((data, offset, length) -> {
                if (recording.recording == null) {
                    recording.recording = start(recording);
                    if (recording.recording == null) {
                        recording.unrecordable = true;
                        return;
                    }
                }
                if (!recording.unrecordable) {
                    recording.recording.writeOrdered(data, offset, length);
                    bytesWritten.addAndGet(length);
                }
            }, recording.codec.silence());
        } catch (IOException e) {
            try (LogContext context = LogContext.of(recording.owner, recording.callId)) {
                LOG.error("Recording {} stopped after {} bytes: {}; the call goes on", recording.recording.path(),
                        recording.recording.dataBytes(), e.toString());
            }
            recording.failed.accept(("recording stopped: " + e.getMessage()).replaceAll("[\\r\\n]", " "));
        }
    }

    private CallRecording start(Active recording) {
        String name = recording.name;
        try (LogContext context = LogContext.of(recording.owner, recording.callId)) {
            try {
                Path part = dir.resolve(name + CallRecording.PART_SUFFIX);
                CallRecording file = CallRecording.create(part, dir.resolve(name), recording.codec, recording.channels,
                        opener.open(part));
                LOG.info("Recording to {} ({}, {})", file.path(), recording.codec.rtpName(),
                        recording.channels == 2 ? "stereo: the far end left, the gateway right" : "mono: the far end");
                return file;
            } catch (IOException e) {
                LOG.error("Cannot start the recording {}: {}", name, e.toString());
                return null;
            }
        }
    }

    private void checkpoint(Active recording, boolean force) {
        try {
            recording.recording.writeCheckpoint(force);
        } catch (IOException e) {
            LOG.error("Recording {} stopped at a checkpoint: {}; the call goes on", recording.recording.path(), e.toString());
        }
    }

    private void complete(Active recording) {
        active.remove(recording.callId, recording);
        CallRecording file = recording.recording;
        if (file == null) {
            return;
        }
        try (LogContext context = LogContext.of(recording.owner, recording.callId)) {
            Path done = file.finish();
            LOG.info("Recording complete: {} ({} ms of audio{}{})", done, file.millis(),
                    recording.buffer.droppedBytes() > 0 ? ", " + recording.buffer.droppedBytes() / (8L * recording.channels)
                            + " ms filled with silence because the disk was too slow" : "",
                    file.failed() ? ", cut short by a write failure" : "");
        } catch (IOException e) {
            LOG.error("Could not complete the recording {}: {}", file.path(), e.toString());
        }
    }

    /** Repairs every {@code .wav.part} a crash left: sizes from the file length, then rename. */
    private void repairLeftovers() throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "*.wav" + CallRecording.PART_SUFFIX)) {
            for (Path part : parts) {
                repair(part);
            }
        }
    }

    static void repair(Path part) {
        String fileName = part.getFileName().toString();
        Path complete = part.resolveSibling(fileName.substring(0, fileName.length() - CallRecording.PART_SUFFIX.length()));
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate(WavHeaders.G711_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            if (size < WavHeaders.G711_HEADER_SIZE || channel.read(header, 0) < WavHeaders.G711_HEADER_SIZE) {
                LOG.warn("Leaving {}: {} bytes is shorter than a recording header", part, size);
                return;
            }
            G711Codec codec = G711Codec.forWavFormatTag(Short.toUnsignedInt(header.getShort(FORMAT_TAG_OFFSET)));
            int channels = Short.toUnsignedInt(header.getShort(CHANNELS_OFFSET));
            if (!isRiffWave(header) || codec == null || channels < 1 || channels > 2) {
                LOG.warn("Leaving {}: not a G.711 recording header", part);
                return;
            }
            long data = size - WavHeaders.G711_HEADER_SIZE;
            if (data % channels != 0) {
                // A stereo sample pair the crash cut in half is not audio.
                data -= data % channels;
                channel.truncate(WavHeaders.G711_HEADER_SIZE + data);
            } else if (data % 2 != 0) {
                channel.write(ByteBuffer.wrap(new byte[1]), size);
            }
            ByteBuffer fixed = ByteBuffer.wrap(WavHeaders.g711Header(codec, channels, data));
            while (fixed.hasRemaining()) {
                channel.write(fixed, fixed.position());
            }
            channel.force(true);
            LOG.info("Repaired recording {} left by an earlier run: {} ms of audio", complete.getFileName(),
                    data / (8L * channels));
        } catch (IOException e) {
            LOG.warn("Could not repair {}: {}", part, e.toString());
            return;
        }
        try {
            Files.move(part, complete, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Could not rename {}: {}", part, e.toString());
        }
    }

    /** RIFF header: "RIFF" at offset 0 and "WAVE" at offset 8. */
    private static boolean isRiffWave(ByteBuffer header) {
        return header.getInt(0) == 0x46464952 && header.getInt(8) == 0x45564157;
    }

    private static String safe(String callId) {
        String cleaned = callId.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }

    /**
     * The recording's file name of a recent call (with .wav; .wav.part while it runs), or null: no
     * recording was opened, or too many calls came since. Whether audio came is not told.
     */
    public String recordingName(String callId) {
        return callId == null ? null : names.get(callId);
    }

    /** Audio bytes handed to recording files since start. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    public int activeCount() {
        return active.size();
    }

    /** Writes out and completes every recording, as if each call had ended now. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Active recording : active.values()) {
            write(recording);
            complete(recording);
        }
        if (filesystem != null) {
            filesystem.close();
        }
    }
}
