package org.sipgateway.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refused names get ERROR:bad-name and nothing is written, in the upload folder or anywhere near it. */
class UploadNameRulesTest extends GatewayTestSupport {

    static Stream<Arguments> refusedNames() {
        return Stream.of(
                Arguments.of("../x.wav", "character '/' is not allowed in a file name (use A-Z a-z 0-9 . _ -)"),
                Arguments.of("a/b.wav", "character '/' is not allowed in a file name (use A-Z a-z 0-9 . _ -)"),
                Arguments.of("a\\b.wav", "character '\\' is not allowed in a file name (use A-Z a-z 0-9 . _ -)"),
                Arguments.of(".hidden.wav", "file name must not start with '.'"),
                Arguments.of("a".repeat(125) + ".wav", "file name is 129 characters, at most 128"),
                Arguments.of("x.mp3", "file name must end in .wav"),
                Arguments.of("", "file name is empty"),
                Arguments.of("a..b.wav", "file name must not contain '..'"),
                Arguments.of("sp ace.wav", "character ' ' is not allowed in a file name (use A-Z a-z 0-9 . _ -)"),
                Arguments.of("caf\u00e9.wav", "character U+00E9 is not allowed in a file name (use A-Z a-z 0-9 . _ -)"));
    }

    @ParameterizedTest
    @MethodSource("refusedNames")
    void refusedNameWritesNothing(String name, String reason) throws Exception {
        List<Path> before = listTree(workDir);
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:" + name + ":" + Wavs.base64(Wavs.tone(8000, 440, 800, 0.3)));
            assertEquals("ERROR:bad-name:" + reason, client.next());
            client.send("PLAY_WAV:" + name);
            assertEquals("ERROR:bad-name:" + reason, client.next());
        }
        assertEquals(before, listTree(workDir));
        assertTrue(listTree(uploadDir).isEmpty(), "upload folder must stay empty");
    }

    @ParameterizedTest
    @MethodSource("refusedNames")
    void refusedNameCreatesNothingOutsideTheFolder(String name, String reason) throws Exception {
        List<Path> parentBefore = listTree(workDir.getParent(), 1);
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:" + name + ":" + Wavs.base64(Wavs.tone(8000, 440, 800, 0.3)));
            assertEquals("ERROR:bad-name:" + reason, client.next());
        }
        assertEquals(parentBefore, listTree(workDir.getParent(), 1));
    }

    private static List<Path> listTree(Path root) throws IOException {
        return listTree(root, Integer.MAX_VALUE);
    }

    private static List<Path> listTree(Path root, int depth) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root, depth)) {
            return files.filter(p -> !p.equals(root)).filter(p -> !p.getFileName().toString().startsWith("gateway-test-")
                    || depth > 1).sorted().toList();
        }
    }
}
