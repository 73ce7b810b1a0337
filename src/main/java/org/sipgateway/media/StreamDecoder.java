package org.sipgateway.media;

/**
 * A client's audio (PROTOCOL.md §6 binary frames, in the session's format) as 8 kHz samples in
 * whole 20 ms packets: what is left over after the last whole packet waits for the next message,
 * so messages of any length play as one continuous stream. Not thread-safe: one per session.
 */
public final class StreamDecoder {

    public static final int PACKET_SAMPLES = 160;

    private final Downsampler2x downsampler = new Downsampler2x();
    private short[] pending = new short[0];
    private AudioFormat last = AudioFormat.OFF;

    /** Bytes per sample in {@code format}; 0 for OFF. */
    public static int bytesPerSample(AudioFormat format) {
        return switch (format) {
            case PCMU, PCMA -> 1;
            case L16, L16_16K -> 2;
            case OFF -> 0;
        };
    }

    /**
     * Decodes {@code bytes} (a whole number of samples of {@code format}) and returns the 8 kHz
     * samples of every packet now complete, possibly none.
     */
    public short[] decode(byte[] bytes, AudioFormat format) {
        if (format != last) {
            pending = new short[0];
            last = format;
        }
        short[] samples = switch (format) {
            case PCMU, PCMA -> {
                G711Codec codec = format == AudioFormat.PCMU ? G711Codec.PCMU : G711Codec.PCMA;
                short[] out = new short[bytes.length];
                codec.decode(bytes, 0, out, 0, bytes.length);
                yield out;
            }
            case L16 -> littleEndian(bytes);
            case L16_16K -> {
                short[] wide = littleEndian(bytes);
                short[] narrow = new short[wide.length / 2 + 1];
                int count = downsampler.process(wide, 0, wide.length, narrow, 0);
                yield java.util.Arrays.copyOf(narrow, count);
            }
            case OFF -> throw new IllegalArgumentException("no audio in format off");
        };
        short[] all = new short[pending.length + samples.length];
        System.arraycopy(pending, 0, all, 0, pending.length);
        System.arraycopy(samples, 0, all, pending.length, samples.length);
        int whole = all.length / PACKET_SAMPLES * PACKET_SAMPLES;
        pending = java.util.Arrays.copyOfRange(all, whole, all.length);
        return java.util.Arrays.copyOf(all, whole);
    }

    /** Forgets what was left over, e.g. after CLEAR or PLAY_WAV. */
    public void reset() {
        pending = new short[0];
    }

    private static short[] littleEndian(byte[] bytes) {
        short[] out = new short[bytes.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((bytes[2 * i] & 0xFF) | bytes[2 * i + 1] << 8);
        }
        return out;
    }
}
