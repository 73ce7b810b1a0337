package org.sipgateway.media;

/**
 * WAVE format tags (Microsoft RIFF registry, mmreg.h) that matter here, and human names for the
 * ones people commonly try to upload so a refusal can say what the file actually is.
 */
final class WaveFormatTags {

    static final int PCM = 0x0001;
    static final int MS_ADPCM = 0x0002;
    static final int IEEE_FLOAT = 0x0003;
    static final int ALAW = 0x0006;
    static final int MULAW = 0x0007;
    static final int IMA_ADPCM = 0x0011;
    static final int GSM610 = 0x0031;
    static final int EXTENSIBLE = 0xFFFE;

    private WaveFormatTags() {
    }

    static String name(int tag) {
        return switch (tag) {
            case PCM -> "PCM";
            case MS_ADPCM -> "MS ADPCM";
            case IEEE_FLOAT -> "IEEE float";
            case 0x0005 -> "IBM CVSD";
            case ALAW -> "A-law";
            case MULAW -> "mu-law";
            case 0x0010 -> "OKI ADPCM";
            case IMA_ADPCM -> "IMA ADPCM";
            case 0x0014 -> "G.723 ADPCM";
            case 0x0022 -> "TrueSpeech";
            case GSM610 -> "GSM 6.10";
            case 0x0040 -> "G.721 ADPCM";
            case 0x0042 -> "G.723.1";
            case 0x0050 -> "MPEG audio";
            case 0x0055 -> "MPEG Layer 3 (MP3)";
            case 0x0064 -> "G.726 ADPCM";
            case 0x0065 -> "G.722 ADPCM";
            case 0x00FF, 0x1610 -> "AAC";
            case 0x0161 -> "Windows Media Audio";
            case 0xF1AC -> "FLAC";
            case EXTENSIBLE -> "WAVE_FORMAT_EXTENSIBLE";
            default -> "unknown format";
        };
    }

    /** "IMA ADPCM (format 0x0011)": the name and the number, so an unknown tag can still be looked up. */
    static String describe(int tag) {
        return String.format("%s (format 0x%04X)", name(tag), tag);
    }
}
