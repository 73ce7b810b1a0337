package org.sipgateway.media;

/**
 * The {@code fmt } chunk of a RIFF/WAVE file (WAVEFORMATEX and WAVEFORMATEXTENSIBLE, Microsoft
 * "Multimedia Programming Interface and Data Specifications 1.0" and the WAVEFORMATEXTENSIBLE
 * addendum), reduced to what this library can play.
 */
record FmtChunk(WavEncoding encoding, int sampleRate, int channels, int blockAlign) {

    /** WAVEFORMAT plus wBitsPerSample (PCMWAVEFORMAT): the least every writer provides. */
    static final int MIN_SIZE = 16;
    /** WAVEFORMATEX (18 bytes) plus the 22 extension bytes of WAVEFORMATEXTENSIBLE. */
    static final int EXTENSIBLE_SIZE = 40;

    /** Field offsets within the chunk body (WAVEFORMATEX / WAVEFORMATEXTENSIBLE). */
    static final int FORMAT_TAG = 0;
    static final int CHANNELS = 2;
    static final int SAMPLE_RATE = 4;
    static final int AVG_BYTES_PER_SEC = 8;
    static final int BLOCK_ALIGN = 12;
    static final int BITS_PER_SAMPLE = 14;
    /** cbSize of WAVEFORMATEX: how many extension bytes follow. */
    private static final int EXTENSION_SIZE = 16;
    private static final int SUB_FORMAT = 24;
    private static final int EXTENSIBLE_EXTENSION_SIZE = 22;

    /**
     * KSDATAFORMAT_SUBTYPE_* GUIDs are {tag}-0000-0010-8000-00AA00389B71; these are the bytes after
     * the 4-byte little-endian Data1 field that carries the format tag.
     */
    private static final byte[] SUB_FORMAT_GUID_TAIL = {
        0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
    };
    private static final int GUID_DATA1_SIZE = 4;

    private static final int G711_RATE = 8000;
    private static final int G711_BITS = 8;
    private static final int PCM_BITS = 16;
    private static final int MIN_PCM_RATE = 8000;
    private static final int MAX_PCM_RATE = 96000;
    private static final int MAX_CHANNELS = 2;
    private static final String SUPPORTED = " (only 16-bit PCM, mu-law, A-law)";

    /**
     * @param file   the whole file
     * @param offset where the chunk body starts
     * @param size   the chunk body size, already checked to lie within the file
     */
    static FmtChunk parse(byte[] file, int offset, int size) throws WavFormatException {
        if (size < MIN_SIZE) {
            throw new WavFormatException("fmt chunk is " + size + " bytes, shorter than the "
                + MIN_SIZE + "-byte minimum");
        }
        int tag = LittleEndian.u16(file, offset + FORMAT_TAG);
        int channels = LittleEndian.u16(file, offset + CHANNELS);
        long sampleRate = LittleEndian.u32(file, offset + SAMPLE_RATE);
        int blockAlign = LittleEndian.u16(file, offset + BLOCK_ALIGN);
        int bits = LittleEndian.u16(file, offset + BITS_PER_SAMPLE);

        if (tag == WaveFormatTags.EXTENSIBLE) {
            tag = subFormatTag(file, offset, size);
            if (tag != WaveFormatTags.PCM) {
                throw new WavFormatException("WAVE_FORMAT_EXTENSIBLE with sub-format "
                    + describeRefused(tag, bits) + " is not supported" + SUPPORTED);
            }
        }

        WavEncoding encoding = switch (tag) {
            case WaveFormatTags.PCM -> WavEncoding.PCM16;
            case WaveFormatTags.MULAW -> WavEncoding.MULAW;
            case WaveFormatTags.ALAW -> WavEncoding.ALAW;
            default -> throw new WavFormatException(describeRefused(tag, bits) + " is not supported" + SUPPORTED);
        };

        if (channels == 0) {
            throw new WavFormatException("fmt chunk declares 0 channels");
        }
        if (channels > MAX_CHANNELS) {
            throw new WavFormatException(channels + " channels are not supported (only mono or stereo)");
        }

        if (encoding == WavEncoding.PCM16) {
            if (bits != PCM_BITS) {
                throw new WavFormatException(bits + "-bit PCM is not supported" + SUPPORTED);
            }
            if (sampleRate < MIN_PCM_RATE || sampleRate > MAX_PCM_RATE) {
                throw new WavFormatException("16-bit PCM at " + sampleRate + " Hz is not supported (only "
                    + MIN_PCM_RATE + " to " + MAX_PCM_RATE + " Hz)");
            }
        } else {
            String name = WaveFormatTags.name(tag);
            if (bits != G711_BITS) {
                throw new WavFormatException(name + " with " + bits + " bits per sample is not supported (only "
                    + G711_BITS + "-bit)");
            }
            if (sampleRate != G711_RATE) {
                throw new WavFormatException(name + " at " + sampleRate + " Hz is not supported (only "
                    + G711_RATE + " Hz)");
            }
        }

        int bytesPerSample = bits / Byte.SIZE;
        int expectedBlockAlign = channels * bytesPerSample;
        if (blockAlign != expectedBlockAlign) {
            throw new WavFormatException("blockAlign " + blockAlign + " does not match " + channels
                + " channel(s) of " + bits + "-bit samples (expected " + expectedBlockAlign + ")");
        }
        return new FmtChunk(encoding, (int) sampleRate, channels, blockAlign);
    }

    private static int subFormatTag(byte[] file, int offset, int size) throws WavFormatException {
        if (size < EXTENSIBLE_SIZE) {
            throw new WavFormatException("WAVE_FORMAT_EXTENSIBLE fmt chunk is " + size
                + " bytes, too short for its sub-format (needs " + EXTENSIBLE_SIZE + ")");
        }
        int extensionSize = LittleEndian.u16(file, offset + EXTENSION_SIZE);
        if (extensionSize < EXTENSIBLE_EXTENSION_SIZE) {
            throw new WavFormatException("WAVE_FORMAT_EXTENSIBLE fmt chunk declares cbSize " + extensionSize
                + ", too small for its sub-format (needs " + EXTENSIBLE_EXTENSION_SIZE + ")");
        }
        int guid = offset + SUB_FORMAT;
        for (int i = 0; i < SUB_FORMAT_GUID_TAIL.length; i++) {
            if (file[guid + GUID_DATA1_SIZE + i] != SUB_FORMAT_GUID_TAIL[i]) {
                throw new WavFormatException("WAVE_FORMAT_EXTENSIBLE with a non-standard sub-format GUID"
                    + " is not supported" + SUPPORTED);
            }
        }
        long data1 = LittleEndian.u32(file, guid);
        if (data1 > 0xFFFF) {
            throw new WavFormatException(String.format(
                "WAVE_FORMAT_EXTENSIBLE with sub-format 0x%08X is not supported%s", data1, SUPPORTED));
        }
        return (int) data1;
    }

    private static String describeRefused(int tag, int bits) {
        if (tag == WaveFormatTags.IEEE_FLOAT) {
            return bits + "-bit float (format 0x0003)";
        }
        return WaveFormatTags.describe(tag);
    }
}
