package org.sipgateway.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;

/**
 * One WebSocket session of the media load generator ({@link LoadWsClients}). Its handler runs on
 * the session's Vert.x event loop and only notes times and counts, which the benchmark reads
 * from its own thread. {@code RTP:} lines are parsed in place: the 16-bit sequence number gives
 * the gaps, the 8-byte send time the generator wrote at the start of the payload gives
 * {@code now - sent}, recorded into the shared {@link LatencyWsClient.Recorder}.
 *
 * <p>After {@link #audioFormat} the call's audio comes as binary frames instead, which are
 * counted. In {@code pcmu} (the calls are PCMU, so a frame is a packet's payload byte for byte)
 * the send time and the sequence number the generator wrote at the start of the payload are read
 * from the frame as from an {@code RTP:} line; the other formats are transcoded, so their frames
 * are only counted. {@link #sendAudio} sends the client's own audio.
 */
final class LoadSession {

    private static final int SEQUENCE_HEX_OFFSET = 4 + 2 * 2;

    private final WebSocket socket;

    private volatile long callSentNanos;
    private volatile long answeredNanos;
    private volatile long hangupSentNanos;
    private volatile long endedNanos;
    private volatile String failure;
    private volatile String endedEarly;
    private volatile CountDownLatch answerLatch;
    private volatile CountDownLatch endLatch;
    private volatile LatencyWsClient.Recorder recorder;
    private volatile int firstSequence;
    private boolean settled;

    private int lastSequence = -1;
    private volatile long received;
    private volatile long gaps;
    private volatile long missing;
    private volatile long outOfOrder;
    /** Binary frames received (AUDIO_FORMAT); written on the session's event loop only. */
    private volatile long frames;
    private volatile boolean timedFrames;
    /** Binary frames sent by {@link #sendAudio}, from one thread. */
    private volatile long framesSent;
    /** MEDIA_XOFF and ERROR:limit answers (PROTOCOL.md §1: the call's queue of client audio is full). */
    private volatile long xoffs;
    private volatile long refusals;

    LoadSession(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(this::onText);
        socket.exceptionHandler(e -> onFailure("CLIENT_ERROR:" + e));
        socket.closeHandler(v -> onFailure("CLIENT_CLOSED:" + socket.closeStatusCode()));
    }

    /** Sends CALL; {@code latch} counts down once, on CALL_STATE:ANSWERED or on the call's failure. */
    void call(String target, CountDownLatch latch) {
        answerLatch = latch;
        callSentNanos = System.nanoTime();
        socket.writeTextMessage("CALL:" + target);
    }

    /** Sends HANGUP; {@code latch} counts down on CALL_STATE:ENDED. */
    void hangUp(CountDownLatch latch) {
        endLatch = latch;
        hangupSentNanos = System.nanoTime();
        socket.writeTextMessage("HANGUP");
    }

    /**
     * Asks for the call's audio as binary frames in {@code format} (PROTOCOL.md §1), before the
     * CALL; the answer {@code AUDIO_FORMAT:<format>} is ignored like any other text.
     */
    void audioFormat(String format) {
        timedFrames = "pcmu".equals(format);
        socket.binaryMessageHandler(this::onBinary);
        socket.writeTextMessage("AUDIO_FORMAT:" + format);
    }

    /** One binary frame of the client's own audio into the call; one thread sends all of a session's. */
    void sendAudio(Buffer frame) {
        socket.writeBinaryMessage(frame);
        framesSent++;
    }

    /**
     * RTP lines (or timed binary frames) with sequence numbers from {@code first} on are counted and timed into {@code r}
     * from now on (earlier ones, e.g. a lead-in's stragglers, are not); null stops it.
     */
    void recordInto(LatencyWsClient.Recorder r, int first) {
        firstSequence = first;
        recorder = r;
    }

    CompletableFuture<Void> close() {
        return socket.close().toCompletionStage().toCompletableFuture();
    }

    private void onText(String text) {
        long now = System.nanoTime();
        if (text.startsWith("RTP:")) {
            onRtp(text, now);
        } else if (text.startsWith("CALL_STATE:ANSWERED")) {
            answeredNanos = now;
            settle();
        } else if (text.startsWith("CALL_STATE:ENDED")) {
            endedNanos = now;
            if (answeredNanos == 0) {
                onFailure(text);
            } else if (hangupSentNanos == 0) {
                endedEarly = text;
            }
            CountDownLatch latch = endLatch;
            if (latch != null) {
                latch.countDown();
            }
        } else if (text.startsWith("MEDIA_XOFF")) {
            xoffs++;
        } else if (text.startsWith("ERROR")) {
            if (text.startsWith("ERROR:limit:audio")) {
                refusals++;
            }
            onFailure(text);
        }
    }

    private void onFailure(String what) {
        if (answeredNanos == 0 && failure == null) {
            failure = what;
            settle();
        }
    }

    private void settle() {
        CountDownLatch latch = answerLatch;
        if (!settled && latch != null) {
            settled = true;
            latch.countDown();
        }
    }

    private void onRtp(String text, long now) {
        LatencyWsClient.Recorder r = recorder;
        if (r == null) {
            return;
        }
        long sent = hex(text, LatencyWsClient.SEND_TIME_HEX_OFFSET, 16);
        int sequence = (int) hex(text, SEQUENCE_HEX_OFFSET, 4);
        if (sent < 0 || sequence < 0) {
            r.unparsable.incrementAndGet();
            return;
        }
        count(sequence, sent, now, r);
    }

    private void onBinary(Buffer frame) {
        long now = System.nanoTime();
        frames++;
        LatencyWsClient.Recorder r = recorder;
        if (!timedFrames || r == null) {
            return;
        }
        if (frame.length() < RtpLoadGenerator.STAMP_BYTES) {
            r.unparsable.incrementAndGet();
            return;
        }
        count(frame.getUnsignedShort(8), frame.getLong(0), now, r);
    }

    /** One timed packet (line or frame): counted, its latency recorded, its sequence checked for gaps. */
    private void count(int sequence, long sent, long now, LatencyWsClient.Recorder r) {
        if ((short) (sequence - firstSequence) < 0) {
            return;
        }
        received++;
        r.record(now - sent, now);
        if (lastSequence >= 0) {
            int delta = (sequence - lastSequence) & 0xFFFF;
            if (delta == 0 || delta > 0x8000) {
                outOfOrder++;
                return;
            }
            if (delta > 1) {
                gaps++;
                missing += delta - 1;
            }
        }
        lastSequence = sequence;
    }

    /** {@code digits} hex digits at {@code from}, or -1 when the text is too short or not hex. */
    private static long hex(String text, int from, int digits) {
        if (text.length() < from + digits) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < from + digits; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    boolean answered() {
        return answeredNanos != 0;
    }

    boolean up() {
        return answeredNanos != 0 && endedNanos == 0;
    }

    long callSentNanos() {
        return callSentNanos;
    }

    long answeredNanos() {
        return answeredNanos;
    }

    long hangupSentNanos() {
        return hangupSentNanos;
    }

    long endedNanos() {
        return endedNanos;
    }

    /** CALL sent to CALL_STATE:ANSWERED, or -1 if not answered. */
    long setupNanos() {
        return answeredNanos == 0 ? -1 : answeredNanos - callSentNanos;
    }

    String failure() {
        return failure;
    }

    String endedEarly() {
        return endedEarly;
    }

    long received() {
        return received;
    }

    long gaps() {
        return gaps;
    }

    long missing() {
        return missing;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    long frames() {
        return frames;
    }

    long framesSent() {
        return framesSent;
    }

    long xoffs() {
        return xoffs;
    }

    long refusals() {
        return refusals;
    }
}
