package org.sipgateway.media;

/**
 * One stream's 20 ms frames of the call's G.711 (160 bytes) turned into a session's format:
 * G.711 as it is or transcoded, or 16-bit little-endian PCM at 8 kHz or, through
 * {@link Upsampler2x}, at 16 kHz. Keeps its work arrays and the upsampler's history; not
 * thread-safe, one per stream.
 */
public final class FrameConverter {

    public static final int SAMPLES = 160;

    private final short[] pcm = new short[SAMPLES];
    private final short[] pcm16k = new short[2 * SAMPLES];
    private final Upsampler2x upsampler = new Upsampler2x();
    private AudioFormat last = AudioFormat.OFF;

    /**
     * Writes {@code format.frameBytes()} bytes to the start of {@code out} for the 160 G.711 bytes
     * at {@code frame[offset]}; returns that length.
     */
    public int convert(byte[] frame, int offset, G711Codec codec, AudioFormat format, byte[] out) {
        if (format != last) {
            upsampler.reset();
            last = format;
        }
        switch (format) {
            case PCMU, PCMA -> {
                G711Codec target = format == AudioFormat.PCMU ? G711Codec.PCMU : G711Codec.PCMA;
                if (target == codec) {
                    System.arraycopy(frame, offset, out, 0, SAMPLES);
                } else {
                    codec.decode(frame, offset, pcm, 0, SAMPLES);
                    for (int i = 0; i < SAMPLES; i++) {
                        out[i] = target.encode(pcm[i]);
                    }
                }
            }
            case L16 -> {
                codec.decode(frame, offset, pcm, 0, SAMPLES);
                littleEndian(pcm, SAMPLES, out);
            }
            case L16_16K -> {
                codec.decode(frame, offset, pcm, 0, SAMPLES);
                upsampler.process(pcm, 0, SAMPLES, pcm16k, 0);
                littleEndian(pcm16k, pcm16k.length, out);
            }
            case OFF -> throw new IllegalArgumentException("no frames for format off");
        }
        return format.frameBytes();
    }

    private static void littleEndian(short[] samples, int count, byte[] out) {
        for (int i = 0; i < count; i++) {
            out[2 * i] = (byte) samples[i];
            out[2 * i + 1] = (byte) (samples[i] >> 8);
        }
    }
}
