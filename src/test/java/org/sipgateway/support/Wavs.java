package org.sipgateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import org.sipgateway.media.WavEncoding;
import org.sipgateway.media.WavFormatException;
import org.sipgateway.media.WavHeaders;
import org.sipgateway.media.WavInfo;
import org.sipgateway.media.WavParser;

/** WAV test material: committed sox fixtures and tones made on the fly. */
public final class Wavs {

    private Wavs() {
    }

    public static byte[] fixture(String name) {
        try (InputStream in = Wavs.class.getResourceAsStream("/wav/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test fixture /wav/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 16-bit mono PCM WAV holding a sine tone. */
    public static byte[] tone(int sampleRate, double frequency, int samples, double amplitude) {
        ByteBuffer data = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            data.putShort((short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * frequency * i / sampleRate)));
        }
        byte[] header = WavHeaders.pcm16Header(sampleRate, 1, samples * 2L);
        byte[] file = new byte[header.length + samples * 2];
        System.arraycopy(header, 0, file, 0, header.length);
        System.arraycopy(data.array(), 0, file, header.length, samples * 2);
        return file;
    }

    /** A valid PCM WAV of exactly {@code totalBytes} bytes. */
    public static byte[] ofSize(int totalBytes) {
        int samples = (totalBytes - 44) / 2;
        byte[] file = tone(8000, 440, samples, 0.3);
        if (file.length != totalBytes) {
            throw new IllegalArgumentException("size must be 44 + an even number");
        }
        return file;
    }

    /** The samples of a 16-bit PCM mono WAV file at {@code sampleRate}; fails on any other file. */
    public static short[] mono16(byte[] file, int sampleRate) {
        WavInfo info;
        try {
            info = WavParser.parse(file);
        } catch (WavFormatException e) {
            throw new AssertionError("not a WAV file: " + e.getMessage(), e);
        }
        if (info.encoding() != WavEncoding.PCM16 || info.channels() != 1 || info.sampleRate() != sampleRate) {
            throw new AssertionError("expected 16-bit PCM mono at " + sampleRate + " Hz, got " + info);
        }
        short[] samples = new short[info.frames()];
        ByteBuffer.wrap(file, info.dataOffset(), info.dataLength()).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    public static String base64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    /** One channel (0 = the first) of interleaved 8-bit samples, e.g. a stereo G.711 recording's data. */
    public static byte[] channel(byte[] data, int offset, int length, int channels, int channel) {
        byte[] out = new byte[length / channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[offset + i * channels + channel];
        }
        return out;
    }

    /** {@code audio} without the runs of {@code silence} before and after it. */
    public static byte[] trimmed(byte[] audio, byte silence) {
        int from = 0;
        int to = audio.length;
        while (from < to && audio[from] == silence) {
            from++;
        }
        while (to > from && audio[to - 1] == silence) {
            to--;
        }
        return java.util.Arrays.copyOfRange(audio, from, to);
    }

    /** Where {@code part} first occurs in {@code whole}; -1 when it does not. */
    public static int indexOf(byte[] whole, byte[] part) {
        for (int i = 0; i + part.length <= whole.length; i++) {
            if (java.util.Arrays.equals(whole, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    public static byte[] concat(byte[] first, byte[] second) {
        byte[] out = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }
}
