package org.sipgateway.media;

/**
 * Canonical RIFF/WAVE headers for files this gateway writes. The caller streams the audio after
 * the header and, when the data length is odd, one pad byte (RIFF section 2), which the RIFF size
 * already counts. Sizes that do not fit 32 bits saturate at 0xFFFFFFFF, the conventional
 * "unknown/too large" value, instead of wrapping.
 */
public final class WavHeaders {

    /** RIFF header (12) + fmt chunk with WAVEFORMATEX (8 + 18) + fact chunk (8 + 4) + data chunk header (8). */
    public static final int G711_HEADER_SIZE = 58;
    /** RIFF header (12) + fmt chunk with PCMWAVEFORMAT (8 + 16) + data chunk header (8). */
    public static final int PCM16_HEADER_SIZE = 44;

    private static final long MAX_U32 = 0xFFFFFFFFL;
    private static final int RIFF_ID_AND_SIZE = 8;

    private static final int FMT_EX_SIZE = 18;
    private static final int FMT_PCM_SIZE = 16;
    private static final int FACT_SIZE = 4;

    private static final int G711_RATE = 8000;
    private static final int G711_BITS = 8;
    private static final int PCM_BITS = 16;
    private static final int PCM_BYTES = 2;
    private static final int PCM_FORMAT_TAG = 0x0001;

    private WavHeaders() {
    }

    /** Header for 8 kHz mono G.711 with {@code dataBytes} bytes (one per sample) of audio. */
    public static byte[] g711Header(G711Codec codec, long dataBytes) {
        if (codec == null) {
            throw new IllegalArgumentException("codec is null");
        }
        checkDataBytes(dataBytes);
        byte[] header = new byte[G711_HEADER_SIZE];
        int at = riff(header, dataBytes);
        at = fmt(header, at, FMT_EX_SIZE, codec.wavFormatTag(), 1, G711_RATE, 1, G711_BITS);
        LittleEndian.putU16(header, at, 0);
        at += 2;
        // The fact chunk (required for every non-PCM format) holds the sample count: one per byte.
        LittleEndian.putFourCc(header, at, "fact");
        LittleEndian.putU32(header, at + 4, FACT_SIZE);
        LittleEndian.putU32(header, at + 8, Math.min(dataBytes, MAX_U32));
        at += 8 + FACT_SIZE;
        data(header, at, dataBytes);
        return header;
    }

    /** Header for 16-bit little-endian PCM with {@code dataBytes} bytes of interleaved audio. */
    public static byte[] pcm16Header(int sampleRate, int channels, long dataBytes) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        if (channels <= 0 || channels * PCM_BYTES > 0xFFFF) {
            throw new IllegalArgumentException("channel count out of range: " + channels);
        }
        checkDataBytes(dataBytes);
        byte[] header = new byte[PCM16_HEADER_SIZE];
        int at = riff(header, dataBytes);
        at = fmt(header, at, FMT_PCM_SIZE, PCM_FORMAT_TAG, channels, sampleRate, channels * PCM_BYTES, PCM_BITS);
        data(header, at, dataBytes);
        return header;
    }

    private static void checkDataBytes(long dataBytes) {
        if (dataBytes < 0) {
            throw new IllegalArgumentException("data length is negative: " + dataBytes);
        }
    }

    private static int riff(byte[] header, long dataBytes) {
        long riffSize = header.length - RIFF_ID_AND_SIZE + dataBytes + (dataBytes & 1);
        LittleEndian.putFourCc(header, 0, "RIFF");
        LittleEndian.putU32(header, 4, Math.min(riffSize, MAX_U32));
        LittleEndian.putFourCc(header, 8, "WAVE");
        return 12;
    }

    private static int fmt(byte[] header, int at, int size, int tag, int channels, int rate, int blockAlign,
                           int bits) {
        LittleEndian.putFourCc(header, at, "fmt ");
        LittleEndian.putU32(header, at + 4, size);
        int body = at + 8;
        LittleEndian.putU16(header, body, tag);
        LittleEndian.putU16(header, body + 2, channels);
        LittleEndian.putU32(header, body + 4, rate);
        LittleEndian.putU32(header, body + 8, Math.min((long) rate * blockAlign, MAX_U32));
        LittleEndian.putU16(header, body + 12, blockAlign);
        LittleEndian.putU16(header, body + 14, bits);
        return body + FMT_PCM_SIZE;
    }

    private static void data(byte[] header, int at, long dataBytes) {
        LittleEndian.putFourCc(header, at, "data");
        LittleEndian.putU32(header, at + 4, Math.min(dataBytes, MAX_U32));
    }
}
