package org.sipgateway.media;

/**
 * What {@link WavParser} found in a WAV file.
 *
 * @param dataOffset byte offset of the first sample in the file
 * @param dataLength bytes of audio, always a whole number of frames and within the file
 * @param frames     sample frames (one sample per channel each)
 */
public record WavInfo(WavEncoding encoding, int sampleRate, int channels, int dataOffset, int dataLength,
                      int frames) {

    private static final long MILLIS_PER_SECOND = 1000L;

    public long durationMillis() {
        return frames * MILLIS_PER_SECOND / sampleRate;
    }
}
