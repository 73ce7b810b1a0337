package org.sipgateway.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds RIFF/WAVE byte layouts chunk by chunk for tests, including deliberately broken ones. */
final class WavBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A file starting with "RIFF", a size patched in by {@link #build()}, and "WAVE". */
    static WavBytes riffWave() {
        WavBytes bytes = new WavBytes();
        bytes.fourCc("RIFF").u32(0).fourCc("WAVE");
        return bytes;
    }

    static WavBytes empty() {
        return new WavBytes();
    }

    /** A 16-byte PCMWAVEFORMAT body. */
    static byte[] fmtBody(int tag, int channels, long rate, int blockAlign, int bits) {
        return empty().u16(tag).u16(channels).u32(rate).u32(rate * blockAlign).u16(blockAlign).u16(bits).bytes();
    }

    /** A 40-byte WAVEFORMATEXTENSIBLE body whose sub-format GUID carries {@code subTag}. */
    static byte[] extensibleBody(int subTag, int channels, long rate, int bits) {
        int blockAlign = channels * bits / 8;
        return empty().u16(0xFFFE).u16(channels).u32(rate).u32(rate * blockAlign).u16(blockAlign).u16(bits)
            .u16(22).u16(bits).u32(channels == 1 ? 0x4 : 0x3)
            .u32(subTag).raw(0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71)
            .bytes();
    }

    static byte[] pcm16Fmt(int channels, int rate) {
        return fmtBody(1, channels, rate, channels * 2, 16);
    }

    /** A complete, valid 16-bit PCM file holding {@code samples} (interleaved when stereo). */
    static byte[] pcm16File(int rate, int channels, short[] samples) {
        return riffWave().chunk("fmt ", pcm16Fmt(channels, rate)).chunk("data", pcm16(samples)).build();
    }

    static byte[] pcm16(short[] samples) {
        byte[] data = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            data[2 * i] = (byte) samples[i];
            data[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return data;
    }

    static byte[] fixture(String name) {
        try (InputStream in = WavBytes.class.getResourceAsStream("/wav/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture wav/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A chunk with its true size, plus the pad byte when the body is odd-sized. */
    WavBytes chunk(String id, byte[] body) {
        return chunk(id, body.length, body);
    }

    /** A chunk declaring {@code declaredSize} whatever the body really holds; padded when the body is odd. */
    WavBytes chunk(String id, long declaredSize, byte[] body) {
        fourCc(id).u32(declaredSize);
        out.writeBytes(body);
        if (body.length % 2 == 1) {
            out.write(0);
        }
        return this;
    }

    WavBytes fourCc(String id) {
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    WavBytes u16(int value) {
        out.write(value);
        out.write(value >>> 8);
        return this;
    }

    WavBytes u32(long value) {
        u16((int) (value & 0xFFFF));
        return u16((int) ((value >>> 16) & 0xFFFF));
    }

    WavBytes raw(int... values) {
        for (int value : values) {
            out.write(value);
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** The bytes with the RIFF size set to the true length minus 8. */
    byte[] build() {
        byte[] file = out.toByteArray();
        long riffSize = file.length - 8L;
        for (int i = 0; i < 4; i++) {
            file[4 + i] = (byte) (riffSize >>> (8 * i));
        }
        return file;
    }
}
