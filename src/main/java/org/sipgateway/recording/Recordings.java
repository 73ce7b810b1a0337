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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Header;
import org.sipgateway.log.LogContext;
import org.sipgateway.media.G711Codec;
import org.sipgateway.media.WavHeaders;
import org.sipgateway.rtp.ReceivedPacket;
import org.sipgateway.rtp.RtpConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings folder: one {@link CallRecording} per call, started by its first packet in the
 * negotiated codec, checkpointed every {@link #CHECKPOINT_MILLIS} ms so a crash loses less than a
 * second, and finished when the call ends. At start-up, {@code .wav.part} files an earlier crash
 * left behind get their header sizes from their length and are renamed to {@code .wav}.
 */
public final class Recordings implements AutoCloseable {

    /** Half a second: with the reorder window (160 ms) a crash loses well under one second. */
    static final long CHECKPOINT_MILLIS = 500;
    /** RIFF/WAVE §fmt: wFormatTag is at this offset of a canonical header. */
    private static final int FORMAT_TAG_OFFSET = 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);

    private final Path dir;
    private final Map<String, CallRecording> active = new ConcurrentHashMap<>();
    /** Calls whose recording could not be started: tried once, not again for every packet. */
    private final java.util.Set<String> unrecordable = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService checkpoints;

    public Recordings(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        Files.createDirectories(this.dir);
        repairLeftovers();
        checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "recording-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        checkpoints.scheduleWithFixedDelay(this::checkpointAll, CHECKPOINT_MILLIS, CHECKPOINT_MILLIS, TimeUnit.MILLISECONDS);
    }

    public Path dir() {
        return dir;
    }

    /** Records one received packet; the first failure of a recording is thrown, the call goes on. */
    public void write(ReceivedPacket received) throws RecordingException {
        G711Codec codec = received.session().call().codec();
        if (codec == null || received.packet().payloadType() != received.session().call().payloadType()) {
            return;
        }
        String callId = received.session().call().callId();
        CallRecording recording = active.get(callId);
        if (recording == null) {
            if (unrecordable.contains(callId)) {
                return;
            }
            recording = active.computeIfAbsent(callId, id -> open(id, codec, received.session().call().owner()));
            if (recording == null) {
                unrecordable.add(callId);
                return;
            }
        }
        try {
            recording.write(received.packet());
        } catch (IOException e) {
            throw failed(received.session().call().owner(), callId, recording, e);
        }
    }

    private CallRecording open(String callId, G711Codec codec, String owner) {
        String name = STAMP.format(Instant.now()) + "-" + safe(callId) + ".wav";
        try {
            CallRecording recording = CallRecording.create(dir.resolve(name + CallRecording.PART_SUFFIX), dir.resolve(name), codec);
            try (LogContext context = LogContext.of(owner, callId)) {
                LOG.info("Recording to {} ({})", recording.path(), codec.rtpName());
            }
            return recording;
        } catch (IOException e) {
            try (LogContext context = LogContext.of(owner, callId)) {
                LOG.error("Cannot start the recording {}: {}", name, e.toString());
            }
            return null;
        }
    }

    private RecordingException failed(String owner, String callId, CallRecording recording, IOException e) {
        try (LogContext context = LogContext.of(owner, callId)) {
            LOG.error("Recording {} stopped after {} bytes: {}; the call goes on", recording.path(), recording.dataBytes(), e.toString());
        }
        return new RecordingException(owner, "recording stopped: " + e.getMessage(), e);
    }

    /** Completes the call's recording, if it has one: final header, force, rename to .wav. */
    public void finish(@Header(RtpConstants.CALL_ID) String callId) {
        if (callId != null) {
            unrecordable.remove(callId);
        }
        CallRecording recording = callId == null ? null : active.remove(callId);
        if (recording == null) {
            return;
        }
        try {
            Path done = recording.finish();
            LOG.info("Recording complete: {} ({} ms of audio, {} packets, {} lost packets and {} ms of suppressed silence filled{})",
                    done, recording.dataBytes() / 8, recording.packets(), recording.gapsFilled(),
                    recording.suppressedSilenceSamples() / 8,
                    recording.failed() ? ", cut short by a write failure" : "");
        } catch (IOException e) {
            LOG.error("Could not complete the recording {}: {}", recording.path(), e.toString());
        }
    }

    private void checkpointAll() {
        for (Map.Entry<String, CallRecording> entry : active.entrySet()) {
            try {
                entry.getValue().checkpoint();
            } catch (IOException e) {
                LOG.error("Recording {} stopped at a checkpoint: {}; the call goes on", entry.getValue().path(), e.toString());
            } catch (RuntimeException e) {
                LOG.error("Checkpoint of {} failed", entry.getValue().path(), e);
            }
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
            if (!isRiffWave(header) || codec == null) {
                LOG.warn("Leaving {}: not a G.711 recording header", part);
                return;
            }
            long data = size - WavHeaders.G711_HEADER_SIZE;
            if (data % 2 != 0) {
                channel.write(ByteBuffer.wrap(new byte[1]), size);
            }
            ByteBuffer fixed = ByteBuffer.wrap(WavHeaders.g711Header(codec, data));
            while (fixed.hasRemaining()) {
                channel.write(fixed, fixed.position());
            }
            channel.force(true);
            LOG.info("Repaired recording {} left by an earlier run: {} ms of audio", complete.getFileName(), data / 8);
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

    public int activeCount() {
        return active.size();
    }

    @Override
    public void close() {
        checkpoints.shutdownNow();
        for (String callId : active.keySet()) {
            finish(callId);
        }
    }
}
