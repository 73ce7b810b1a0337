package org.sipgateway.command;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a.wav", "A.WAV", "greeting_01-final.Wav", "x.y.wav"})
    void acceptsBareWavNames(String name) throws Exception {
        assertEquals(name, FileNames.validate(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".wav", ".a.wav", "a/b.wav", "a\\b.wav", "..", "a..wav", "a.wa", "a.wav.txt", "a b.wav",
            "a:b.wav", "a\u0000.wav", "a\n.wav", "C:x.wav", "~.wav"})
    void refusesUnsafeNames(String name) {
        GatewayException e = assertThrows(GatewayException.class, () -> FileNames.validate(name));
        assertEquals(ErrorCode.BAD_NAME, e.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 129})
    void limitsTheLength(int length) throws Exception {
        String name = "n".repeat(length - 4) + ".wav";
        if (length <= FileNames.MAX_LENGTH) {
            assertEquals(name, FileNames.validate(name));
        } else {
            assertThrows(GatewayException.class, () -> FileNames.validate(name));
        }
    }
}
