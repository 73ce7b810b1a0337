package org.sipgateway.media;

/** Turns an accepted WAV file into the 8 kHz mono 16-bit signal a G.711 call carries. */
public final class WavReader {

    /** The G.711 sampling rate (ITU-T G.711 section 1). */
    public static final int TARGET_RATE = 8000;

    private static final int PCM16_BYTES = 2;

    private WavReader() {
    }

    public static short[] readMono8k(byte[] file) throws WavFormatException {
        WavInfo info = WavParser.parse(file);
        short[] mono = decodeMono(file, info);
        return Resampler.resample(mono, info.sampleRate(), TARGET_RATE);
    }

    private static short[] decodeMono(byte[] file, WavInfo info) {
        int frames = info.frames();
        int channels = info.channels();
        short[] mono = new short[frames];
        if (info.encoding() == WavEncoding.PCM16) {
            int frameBytes = channels * PCM16_BYTES;
            for (int frame = 0; frame < frames; frame++) {
                int offset = info.dataOffset() + frame * frameBytes;
                int sum = 0;
                for (int channel = 0; channel < channels; channel++) {
                    sum += (short) LittleEndian.u16(file, offset + channel * PCM16_BYTES);
                }
                mono[frame] = (short) (sum / channels);
            }
            return mono;
        }
        G711Codec codec = info.encoding() == WavEncoding.MULAW ? G711Codec.PCMU : G711Codec.PCMA;
        if (channels == 1) {
            codec.decode(file, info.dataOffset(), mono, 0, frames);
            return mono;
        }
        for (int frame = 0; frame < frames; frame++) {
            int offset = info.dataOffset() + frame * channels;
            int sum = 0;
            for (int channel = 0; channel < channels; channel++) {
                sum += codec.decode(file[offset + channel]);
            }
            mono[frame] = (short) (sum / channels);
        }
        return mono;
    }
}
