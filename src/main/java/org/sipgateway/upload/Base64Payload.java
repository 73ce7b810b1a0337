package org.sipgateway.upload;

import java.util.Base64;

import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.GatewayException;

/**
 * Decodes the {@code <base64>} of a WAV_UPLOAD: standard alphabet with padding (RFC 4648 §4),
 * no line breaks. The decoded size is known from the length alone, so an oversized upload is
 * refused before a single byte is allocated for it.
 */
public final class Base64Payload {

    private static final int QUANTUM_CHARS = 4;
    private static final int QUANTUM_BYTES = 3;

    private Base64Payload() {
    }

    public static byte[] decode(String base64, int maxBytes) throws GatewayException {
        if (base64 == null || base64.isEmpty()) {
            throw new GatewayException(ErrorCode.BAD_BASE64, "payload is empty");
        }
        int length = base64.length();
        if (length % QUANTUM_CHARS != 0) {
            throw new GatewayException(ErrorCode.BAD_BASE64,
                    "length " + length + " is not a multiple of 4 (standard base64 with padding is required)");
        }
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        long decodedSize = (long) length / QUANTUM_CHARS * QUANTUM_BYTES - padding;
        if (decodedSize > maxBytes) {
            throw new GatewayException(ErrorCode.TOO_LARGE,
                    "file is " + decodedSize + " bytes, the limit is " + maxBytes + " (gateway.upload.max-bytes)");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(ErrorCode.BAD_BASE64, "not valid base64: " + e.getMessage());
        }
    }
}
