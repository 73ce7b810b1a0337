package org.sipgateway.media;

import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * ITU-T G.711 companding, bit-exact with the ITU-T G.191 reference implementation.
 *
 * <p>Encoding and decoding are single table look-ups: the encoder only ever looks at the top 14
 * (mu-law) or 13 (A-law) bits of a sample, so a table indexed by those bits covers every input.
 * The array methods allocate nothing and are meant for the 20 ms RTP frame path.
 */
public enum G711Codec {

    /** G.711 mu-law: RTP static payload type 0 (RFC 3551 section 6), WAVE format tag 0x0007. */
    PCMU(0, "PCMU", 0x0007, MuLaw.LINEAR_SHIFT, MuLaw::encode, MuLaw::decode),
    /** G.711 A-law: RTP static payload type 8 (RFC 3551 section 6), WAVE format tag 0x0006. */
    PCMA(8, "PCMA", 0x0006, ALaw.LINEAR_SHIFT, ALaw::encode, ALaw::decode);

    private static final int CODE_COUNT = 256;
    private static final int LINEAR_BITS = 16;

    private final int payloadType;
    private final String rtpName;
    private final int wavFormatTag;
    private final int linearShift;
    private final int encodeIndexMask;
    private final byte[] encodeTable;
    private final short[] decodeTable;
    private final byte silence;

    G711Codec(int payloadType, String rtpName, int wavFormatTag, int linearShift,
              IntUnaryOperator encoder, IntUnaryOperator decoder) {
        this.payloadType = payloadType;
        this.rtpName = rtpName;
        this.wavFormatTag = wavFormatTag;
        this.linearShift = linearShift;
        int entries = 1 << (LINEAR_BITS - linearShift);
        this.encodeIndexMask = entries - 1;
        this.encodeTable = new byte[entries];
        for (int index = 0; index < entries; index++) {
            short representative = (short) (index << linearShift);
            encodeTable[index] = (byte) encoder.applyAsInt(representative);
        }
        this.decodeTable = new short[CODE_COUNT];
        for (int code = 0; code < CODE_COUNT; code++) {
            decodeTable[code] = (short) decoder.applyAsInt(code);
        }
        this.silence = encodeTable[0];
    }

    public int payloadType() {
        return payloadType;
    }

    public String rtpName() {
        return rtpName;
    }

    public int wavFormatTag() {
        return wavFormatTag;
    }

    /** The code for linear 0: 0xFF for mu-law, 0xD5 for A-law. */
    public byte silence() {
        return silence;
    }

    public byte encode(short linear) {
        return encodeTable[(linear >> linearShift) & encodeIndexMask];
    }

    public short decode(byte code) {
        return decodeTable[code & 0xFF];
    }

    public void encode(short[] pcm, int pcmOffset, byte[] out, int outOffset, int count) {
        Objects.checkFromIndexSize(pcmOffset, count, pcm.length);
        Objects.checkFromIndexSize(outOffset, count, out.length);
        byte[] table = encodeTable;
        int shift = linearShift;
        int mask = encodeIndexMask;
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = table[(pcm[pcmOffset + i] >> shift) & mask];
        }
    }

    public void decode(byte[] in, int inOffset, short[] out, int outOffset, int count) {
        Objects.checkFromIndexSize(inOffset, count, in.length);
        Objects.checkFromIndexSize(outOffset, count, out.length);
        short[] table = decodeTable;
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = table[in[inOffset + i] & 0xFF];
        }
    }

    /** The codec for an RTP static payload type, or null when it is not G.711. */
    public static G711Codec forPayloadType(int pt) {
        for (G711Codec codec : values()) {
            if (codec.payloadType == pt) {
                return codec;
            }
        }
        return null;
    }

    /** The codec for a WAVE format tag, or null when it is not G.711. */
    public static G711Codec forWavFormatTag(int tag) {
        for (G711Codec codec : values()) {
            if (codec.wavFormatTag == tag) {
                return codec;
            }
        }
        return null;
    }
}
