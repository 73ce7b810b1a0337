package org.sipgateway.rtp;

import java.util.HexFormat;

/** Hex fixtures for the tests; spaces and bars only show the field boundaries. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", "").replace("|", ""));
    }

    static String hex(byte[] data, int off, int len) {
        return HexFormat.of().formatHex(data, off, off + len);
    }
}
