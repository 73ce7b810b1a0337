package org.sipgateway.media;

/**
 * Canonical RIFF/WAVE headers for files this gateway writes. The caller streams the audio after
 * the header and, when the data length is odd, one pad byte (RIFF chunks are word aligned), which
 * the RIFF size already counts. Sizes that do not fit 32 bits saturate at 0xFFFFFFFF, the
 * conventional "unknown or too large" value, instead of wrapping.
 */
public final class WavHeaders {

    /** RIFF header (12) + fmt chunk with WAVEFORMATEX (8 + 18) + fact chunk (8 + 4) + data chunk header (8). */
    public static final int G711_HEADER_SIZE = 58;
    /** RIFF header (12) + fmt chunk with PCMWAVEFORMAT (8 + 16) + data chunk header (8). */
    public static final int PCM16_HEADER_SIZE = 44;

    private static final long MAX_U32 = 0xFFFFFFFFL;

    private static final int FMT_EX_SIZE = 18;
    private static final int EXTENSION_SIZE_FIELD = 2;
    /** The fact chunk holds dwSampleLength, required for every non-PCM WAVE format. */
    private static final int FACT_SIZE = 4;

    private static final int G711_RATE = 8000;
    private static final int G711_BITS = 8;
    private static final int PCM_BITS = 16;
    private static final int PCM_BYTES = 2;
    private static final int PCM_FORMAT_TAG = 0x0001;
    private static final int MAX_BLOCK_ALIGN = 0xFFFF;

    private WavHeaders() {
    }

    /** Header for 8 kHz mono G.711 with {@code dataBytes} bytes (one per sample) of audio. */
    public static byte[] g711Header(G711Codec codec, long dataBytes) {
        return g711Header(codec, 1, dataBytes);
    }

    /**
     * Header for 8 kHz G.711 with {@code channels} interleaved channels (one byte per sample and
     * channel) and {@code dataBytes} bytes of audio; the fact chunk counts samples per channel.
     */
    public static byte[] g711Header(G711Codec codec, int channels, long dataBytes) {
        if (codec == null) {
            throw new IllegalArgumentException("codec is null");
        }
        if (channels <= 0 || channels > MAX_BLOCK_ALIGN) {
            throw new IllegalArgumentException("channel count out of range: " + channels);
        }
        checkDataBytes(dataBytes);
        byte[] header = new byte[G711_HEADER_SIZE];
        int at = riff(header, dataBytes);
        at = fmt(header, at, FMT_EX_SIZE, codec.wavFormatTag(), channels, G711_RATE, channels, G711_BITS);
        LittleEndian.putU16(header, at, 0);
        at += EXTENSION_SIZE_FIELD;
        at = chunkHeader(header, at, "fact", FACT_SIZE);
        LittleEndian.putU32(header, at, Math.min(dataBytes / channels, MAX_U32));
        at += FACT_SIZE;
        chunkHeader(header, at, "data", dataBytes);
        return header;
    }

    /** Header for 16-bit little-endian PCM with {@code dataBytes} bytes of interleaved audio. */
    public static byte[] pcm16Header(int sampleRate, int channels, long dataBytes) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        if (channels <= 0 || channels > MAX_BLOCK_ALIGN / PCM_BYTES) {
            throw new IllegalArgumentException("channel count out of range: " + channels);
        }
        checkDataBytes(dataBytes);
        byte[] header = new byte[PCM16_HEADER_SIZE];
        int at = riff(header, dataBytes);
        at = fmt(header, at, FmtChunk.MIN_SIZE, PCM_FORMAT_TAG, channels, sampleRate, channels * PCM_BYTES,
            PCM_BITS);
        chunkHeader(header, at, "data", dataBytes);
        return header;
    }

    private static void checkDataBytes(long dataBytes) {
        if (dataBytes < 0) {
            throw new IllegalArgumentException("data length is negative: " + dataBytes);
        }
    }

    /** Writes "RIFF", the form size, "WAVE"; returns where the first chunk goes. */
    private static int riff(byte[] header, long dataBytes) {
        long formSize = header.length - WavParser.CHUNK_HEADER_SIZE + dataBytes + (dataBytes & 1);
        LittleEndian.putFourCc(header, WavParser.RIFF_ID, "RIFF");
        LittleEndian.putU32(header, WavParser.RIFF_SIZE, Math.min(formSize, MAX_U32));
        LittleEndian.putFourCc(header, WavParser.FORM_TYPE, "WAVE");
        return WavParser.RIFF_HEADER_SIZE;
    }

    /** Writes a chunk id and size (saturated); returns where its body starts. */
    private static int chunkHeader(byte[] header, int at, String id, long size) {
        LittleEndian.putFourCc(header, at + WavParser.CHUNK_ID, id);
        LittleEndian.putU32(header, at + WavParser.CHUNK_SIZE, Math.min(size, MAX_U32));
        return at + WavParser.CHUNK_HEADER_SIZE;
    }

    /** Writes the fmt chunk header and its 16 PCMWAVEFORMAT bytes; returns the offset after them. */
    private static int fmt(byte[] header, int at, int size, int tag, int channels, int rate, int blockAlign,
                           int bits) {
        int body = chunkHeader(header, at, "fmt ", size);
        LittleEndian.putU16(header, body + FmtChunk.FORMAT_TAG, tag);
        LittleEndian.putU16(header, body + FmtChunk.CHANNELS, channels);
        LittleEndian.putU32(header, body + FmtChunk.SAMPLE_RATE, rate);
        LittleEndian.putU32(header, body + FmtChunk.AVG_BYTES_PER_SEC, Math.min((long) rate * blockAlign, MAX_U32));
        LittleEndian.putU16(header, body + FmtChunk.BLOCK_ALIGN, blockAlign);
        LittleEndian.putU16(header, body + FmtChunk.BITS_PER_SAMPLE, bits);
        return body + FmtChunk.MIN_SIZE;
    }
}
