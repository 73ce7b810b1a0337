package org.sipgateway.media;

/** Little-endian field access for RIFF structures; callers check bounds first. */
final class LittleEndian {

    private LittleEndian() {
    }

    static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    static long u32(byte[] bytes, int offset) {
        return u16(bytes, offset) | (long) u16(bytes, offset + 2) << 16;
    }

    static void putU16(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
    }

    static void putU32(byte[] bytes, int offset, long value) {
        putU16(bytes, offset, (int) (value & 0xFFFF));
        putU16(bytes, offset + 2, (int) ((value >>> 16) & 0xFFFF));
    }

    static boolean fourCc(byte[] bytes, int offset, String id) {
        for (int i = 0; i < 4; i++) {
            if (bytes[offset + i] != (byte) id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static void putFourCc(byte[] bytes, int offset, String id) {
        for (int i = 0; i < 4; i++) {
            bytes[offset + i] = (byte) id.charAt(i);
        }
    }

    /** A chunk id as printable text for error messages, with anything unprintable escaped. */
    static String printableFourCc(byte[] bytes, int offset) {
        StringBuilder text = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int b = bytes[offset + i] & 0xFF;
            if (b >= 0x20 && b < 0x7F) {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02X", b));
            }
        }
        return text.toString();
    }
}
