package org.sipgateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import org.sipgateway.media.WavHeaders;

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

    public static String base64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }
}
