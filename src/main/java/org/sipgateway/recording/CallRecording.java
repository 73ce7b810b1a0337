package org.sipgateway.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.sipgateway.media.G711Codec;
import org.sipgateway.media.WavHeaders;
import org.sipgateway.rtp.ReorderBuffer;
import org.sipgateway.rtp.RtpPacket;

/**
 * One call's recording: G.711 audio in a WAV of that codec (format 7 for PCMU, 6 for PCMA), mono
 * (the received payloads in sequence order) or stereo (the far end and what the gateway sent,
 * interleaved by {@link TwoLegs}). While the call runs the file is {@code <name>.wav.part} and its
 * header is rewritten and the data forced to disk on every {@link #checkpoint()}, so it is
 * playable at every moment; {@link #finish()} writes the final header and renames it to
 * {@code <name>.wav} in one atomic step.
 */
public final class CallRecording {

    public static final String PART_SUFFIX = ".part";
    /** Packets held to put late ones back in order: 8 x 20 ms. */
    static final int REORDER_WINDOW = 8;
    static final int SAMPLES_PER_PACKET = 160;

    private final Path part;
    private final Path complete;
    private final G711Codec codec;
    /** 1: the far end; 2: the far end and, interleaved, what the gateway sent. */
    private final int channels;
    private final FileChannel channel;

    private final ReorderBuffer reorder;
    private long dataBytes;
    private long packets;
    /** Taken by checkpoints and finish, never by write: a slow fsync does not hold up packets. */
    private final Object checkpointing = new Object();
    private IOException failure;
    private boolean failureReported;
    private boolean finished;

    CallRecording(Path part, Path complete, G711Codec codec, int channels, FileChannel channel) throws IOException {
        this.part = part;
        this.complete = complete;
        this.codec = codec;
        this.channels = channels;
        this.channel = channel;
        this.reorder = new ReorderBuffer(REORDER_WINDOW, codec.silence(), SAMPLES_PER_PACKET, this::append);
        writeHeader(0);
    }

    static CallRecording create(Path part, Path complete, G711Codec codec) throws IOException {
        return create(part, complete, codec, FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    /** On a channel already open on {@code part}; closed again if the header cannot be written. */
    static CallRecording create(Path part, Path complete, G711Codec codec, FileChannel channel) throws IOException {
        return create(part, complete, codec, 1, channel);
    }

    /** As {@link #create(Path, Path, G711Codec, FileChannel)} with {@code channels} interleaved channels. */
    static CallRecording create(Path part, Path complete, G711Codec codec, int channels, FileChannel channel)
            throws IOException {
        try {
            return new CallRecording(part, complete, codec, channels, channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    public G711Codec codec() {
        return codec;
    }

    public Path path() {
        return finished ? complete : part;
    }

    /**
     * Adds one packet of this recording's codec. The first failure (of this write, an earlier one
     * or a checkpoint) is thrown once, so the routes can tell the call's owner; silent after that.
     */
    public synchronized void write(RtpPacket packet) throws IOException {
        if (failure != null || finished) {
            rethrow();
            return;
        }
        packets++;
        reorder.offer(packet);
        rethrow();
    }

    /**
     * Adds audio that is already in order with losses filled (the receive pipeline's), without
     * this recording's own reorder buffer. Failures as for {@link #write}.
     */
    public synchronized void writeOrdered(byte[] data, int offset, int length) throws IOException {
        if (failure != null || finished) {
            rethrow();
            return;
        }
        packets++;
        append(data, offset, length);
        rethrow();
    }

    private void append(byte[] data, int offset, int length) {
        if (failure != null) {
            return;
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(data, offset, length);
            long position = WavHeaders.G711_HEADER_SIZE + dataBytes;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            dataBytes += length;
        } catch (IOException e) {
            failure = e;
        }
    }

    /** The first failure is thrown once; the channel stays open so {@link #finish()} can still close the file properly. */
    private void rethrow() throws IOException {
        if (failure != null && !failureReported) {
            failureReported = true;
            throw failure;
        }
    }

    /**
     * Makes everything written so far durable and playable: header sizes, then force. The slow
     * part runs outside the lock the receive threads take for every packet; positional writes of
     * the header and of new audio do not overlap. A failure is thrown here for the log and once
     * more from the next {@link #write} for the call's owner.
     */
    public void checkpoint() throws IOException {
        writeCheckpoint(true);
    }

    /**
     * As {@link #checkpoint()}; without {@code force} the header is written and the caller forces
     * the file's whole filesystem afterwards ({@link FilesystemSync}), once for many recordings.
     */
    void writeCheckpoint(boolean force) throws IOException {
        synchronized (checkpointing) {
            long bytes;
            synchronized (this) {
                if (failure != null || finished) {
                    return;
                }
                bytes = dataBytes;
            }
            try {
                writeHeader(bytes);
                if (force) {
                    channel.force(false);
                }
            } catch (IOException e) {
                synchronized (this) {
                    failure = e;
                }
                throw e;
            }
        }
    }

    /**
     * Final header, force, atomic rename; returns the complete file. After a write failure it
     * still does all three for the data that did get written, so even a recording cut short by
     * a full disk ends as a playable {@code .wav}: the header is rewritten in place, which needs
     * no new space.
     */
    public Path finish() throws IOException {
        synchronized (checkpointing) {
            return finishNow();
        }
    }

    private synchronized Path finishNow() throws IOException {
        if (finished) {
            return complete;
        }
        if (failure == null) {
            reorder.flush();
        }
        IOException problem = null;
        try {
            padToEvenLength();
            writeHeader(dataBytes);
        } catch (IOException e) {
            problem = e;
        }
        try {
            channel.force(true);
        } catch (IOException e) {
            problem = problem == null ? e : problem;
        }
        closeQuietly();
        Files.move(part, complete, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
        if (failure == null && problem != null) {
            failure = problem;
        }
        return complete;
    }

    /** RIFF §chunks: a chunk of odd size is followed by one pad byte, which the header counts. */
    private void padToEvenLength() throws IOException {
        if (dataBytes % 2 != 0) {
            channel.write(ByteBuffer.wrap(new byte[1]), WavHeaders.G711_HEADER_SIZE + dataBytes);
        }
    }

    private void writeHeader(long bytes) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(WavHeaders.g711Header(codec, channels, bytes));
        long position = 0;
        while (header.hasRemaining()) {
            position += channel.write(header, position);
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the failure that brought us here is the one worth reporting
        }
    }

    public int channels() {
        return channels;
    }

    /** Milliseconds of audio written: 8 bytes a millisecond per channel. */
    public synchronized long millis() {
        return dataBytes / (8L * channels);
    }

    public synchronized long dataBytes() {
        return dataBytes;
    }

    public synchronized long packets() {
        return packets;
    }

    public synchronized long gapsFilled() {
        return reorder.gapsFilled();
    }

    /** Samples of silence written where the far end suppressed it (timestamp jumps). */
    public synchronized long suppressedSilenceSamples() {
        return reorder.silenceForTimestampGaps();
    }

    public synchronized boolean failed() {
        return failure != null;
    }
}
