package org.sipgateway.upload;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.GatewayException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Base64PayloadTest {

    private static ErrorCode refusal(String base64, int max) {
        return assertThrows(GatewayException.class, () -> Base64Payload.decode(base64, max)).code();
    }

    @Test
    void decodesStandardPaddedBase64() throws Exception {
        for (int size = 1; size <= 9; size++) {
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = (byte) (i * 37 + 250);
            }
            assertArrayEquals(data, Base64Payload.decode(Base64.getEncoder().encodeToString(data), size));
        }
    }

    @Test
    void sizeIsCheckedFromTheLengthBeforeDecoding() {
        assertEquals(ErrorCode.TOO_LARGE, refusal("AAAA", 2));
        assertEquals(ErrorCode.TOO_LARGE, refusal("AAA=", 1));
        assertEquals(ErrorCode.TOO_LARGE, refusal("!!!!!!!!", 5));
    }

    @Test
    void refusesMalformedInput() {
        assertEquals(ErrorCode.BAD_BASE64, refusal("", 10));
        assertEquals(ErrorCode.BAD_BASE64, refusal("AAA", 10));
        assertEquals(ErrorCode.BAD_BASE64, refusal("AA==AA==", 10));
        assertEquals(ErrorCode.BAD_BASE64, refusal("AA-_", 10));
        assertEquals(ErrorCode.BAD_BASE64, refusal("AA A", 10));
        assertEquals(ErrorCode.BAD_BASE64, refusal("AAAA\r\n==", 10));
    }
}
