package org.sipgateway.command;

import java.util.HexFormat;

/** Server-to-client lines built in Java rather than in a route (PROTOCOL.md §1). */
public final class ServerText {

    private static final HexFormat HEX = HexFormat.of();

    private ServerText() {
    }

    /** A received RTP packet, header included, as one {@code RTP:<lowercase hex>} line. */
    public static String rtpLine(byte[] packet, int offset, int length) {
        return "RTP:" + HEX.formatHex(packet, offset, offset + length);
    }
}
