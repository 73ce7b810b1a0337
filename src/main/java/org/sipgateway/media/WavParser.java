package org.sipgateway.media;

/**
 * Reads the layout of a RIFF/WAVE file (Microsoft "Multimedia Programming Interface and Data
 * Specifications 1.0", section 3 "RIFF" and the WAVE form) without copying any audio.
 *
 * <p>Every malformed or unsupported input ends in a {@link WavFormatException} whose message
 * names the problem; sizes are handled as unsigned 32-bit values in {@code long} arithmetic.
 */
public final class WavParser {

    static final int RIFF_ID = 0;
    static final int RIFF_SIZE = 4;
    static final int FORM_TYPE = 8;
    /** "RIFF", the form size and "WAVE". */
    static final int RIFF_HEADER_SIZE = 12;

    static final int CHUNK_ID = 0;
    static final int CHUNK_SIZE = 4;
    /** Every chunk starts with a 4-byte id and a 4-byte little-endian body size. */
    static final int CHUNK_HEADER_SIZE = 8;

    private WavParser() {
    }

    public static WavInfo parse(byte[] file) throws WavFormatException {
        if (file == null) {
            throw new WavFormatException("no file content");
        }
        checkRiffHeader(file);

        // The RIFF size field is not trusted: streaming writers leave it 0 or 0xFFFFFFFF, so the
        // chunk walk runs to the end of the bytes actually present.
        long length = file.length;
        FmtChunk fmt = null;
        long position = RIFF_HEADER_SIZE;
        while (position + CHUNK_HEADER_SIZE <= length) {
            int header = (int) position;
            long bodySize = LittleEndian.u32(file, header + CHUNK_SIZE);
            long body = position + CHUNK_HEADER_SIZE;
            if (LittleEndian.fourCc(file, header + CHUNK_ID, "fmt ")) {
                if (fmt != null) {
                    throw new WavFormatException("more than one fmt chunk");
                }
                if (body + bodySize > length) {
                    throw new WavFormatException("fmt chunk truncated: it declares " + bodySize
                        + " bytes but only " + (length - body) + " remain in the file");
                }
                fmt = FmtChunk.parse(file, (int) body, (int) bodySize);
            } else if (LittleEndian.fourCc(file, header + CHUNK_ID, "data")) {
                if (fmt == null) {
                    throw new WavFormatException("data chunk comes before the fmt chunk");
                }
                return dataChunk(fmt, (int) body, bodySize, length);
            }
            // RIFF section 2: a chunk body of odd size is followed by one pad byte.
            position = body + bodySize + (bodySize & 1);
        }
        throw new WavFormatException(fmt == null ? "fmt chunk missing" : "data chunk missing");
    }

    private static void checkRiffHeader(byte[] file) throws WavFormatException {
        if (file.length < RIFF_HEADER_SIZE) {
            throw new WavFormatException("file shorter than a WAV header (" + file.length + " of "
                + RIFF_HEADER_SIZE + " bytes)");
        }
        if (LittleEndian.fourCc(file, RIFF_ID, "RIFX")) {
            throw new WavFormatException("big-endian RIFX files are not supported");
        }
        if (LittleEndian.fourCc(file, RIFF_ID, "RF64")) {
            throw new WavFormatException("RF64 (64-bit RIFF) files are not supported");
        }
        if (!LittleEndian.fourCc(file, RIFF_ID, "RIFF")) {
            throw new WavFormatException("RIFF chunk id missing (file starts with '"
                + LittleEndian.printableFourCc(file, RIFF_ID) + "')");
        }
        if (!LittleEndian.fourCc(file, FORM_TYPE, "WAVE")) {
            throw new WavFormatException("RIFF form type is '" + LittleEndian.printableFourCc(file, FORM_TYPE)
                + "', not WAVE");
        }
    }

    /** A data size larger than the file (or the 0xFFFFFFFF "unknown" marker) is cut to what is present. */
    private static WavInfo dataChunk(FmtChunk fmt, int body, long declaredSize, long fileLength)
            throws WavFormatException {
        long present = Math.min(declaredSize, fileLength - body);
        long frames = present / fmt.blockAlign();
        if (frames == 0) {
            throw new WavFormatException("no audio in data chunk");
        }
        int dataLength = (int) (frames * fmt.blockAlign());
        return new WavInfo(fmt.encoding(), fmt.sampleRate(), fmt.channels(), body, dataLength, (int) frames);
    }
}
