package org.sipgateway.command;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CommandParserTest {

    private final CommandParser parser = new CommandParser();

    @Test
    void parsesEachCommand() throws Exception {
        Command.Call call = assertInstanceOf(Command.Call.class, parser.parse("CALL:0912345678"));
        assertEquals(new DialTarget(DialTarget.Kind.DIAL_STRING, "0912345678"), call.target());
        assertInstanceOf(Command.Hangup.class, parser.parse("HANGUP"));
        Command.WavUpload upload = assertInstanceOf(Command.WavUpload.class, parser.parse("WAV_UPLOAD:a.wav:UklGRg=="));
        assertEquals("a.wav", upload.fileName());
        assertEquals("UklGRg==", upload.base64());
        assertEquals(new Command.PlayWav("Greeting_1-x.WAV"), parser.parse("PLAY_WAV:Greeting_1-x.WAV"));
    }

    @Test
    void parsesTheInboundCommands() throws Exception {
        Command.Listen listen = assertInstanceOf(Command.Listen.class, parser.parse("LISTEN:09[0-9]{8}"));
        assertEquals("09[0-9]{8}", listen.pattern().pattern());
        assertEquals("09[0-9]{8}", listen.wire());
        Command.Listen off = assertInstanceOf(Command.Listen.class, parser.parse("LISTEN:off"));
        assertEquals(null, off.pattern());
        assertEquals("off", off.wire());
        assertInstanceOf(Command.Answer.class, parser.parse("ANSWER"));
        assertEquals(new Command.Reject(486), parser.parse("REJECT"));
        assertEquals(new Command.Reject(603), parser.parse("REJECT:603"));
        assertEquals(new Command.Watch("a:b@127.0.0.1"), parser.parse("WATCH:a%3Ab@127.0.0.1"));
        assertEquals(new Command.Hold(true), parser.parse("HOLD"));
        assertEquals(new Command.Hold(false), parser.parse("RESUME"));
        Command.Transfer transfer = assertInstanceOf(Command.Transfer.class, parser.parse("TRANSFER:0987654321"));
        assertEquals(new DialTarget(DialTarget.Kind.DIAL_STRING, "0987654321"), transfer.target());
    }

    @Test
    void uploadToStringNeverHoldsThePayload() throws Exception {
        Command upload = parser.parse("WAV_UPLOAD:a.wav:" + "QUFB".repeat(1000));
        assertEquals("WavUpload[a.wav, 4000 base64 chars]", upload.toString());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("LISTEN", ErrorCode.BAD_COMMAND, "LISTEN needs an argument: LISTEN:<regular expression>|off"),
                Arguments.of("LISTEN:", ErrorCode.BAD_COMMAND, "a LISTEN pattern is 1-200 characters, got 0"),
                Arguments.of("LISTEN:" + "1".repeat(201), ErrorCode.BAD_COMMAND, "a LISTEN pattern is 1-200 characters, got 201"),
                Arguments.of("LISTEN:09[", ErrorCode.BAD_COMMAND, "not a regular expression: Unclosed character class near index 2"),
                Arguments.of("ANSWER:x", ErrorCode.BAD_COMMAND, "ANSWER takes no argument"),
                Arguments.of("HOLD:1", ErrorCode.BAD_COMMAND, "HOLD takes no argument"),
                Arguments.of("TRANSFER", ErrorCode.BAD_COMMAND, "TRANSFER needs an argument: TRANSFER:<target>"),
                Arguments.of("WATCH:a b", ErrorCode.BAD_COMMAND, "not a Call-ID: 'a b'"),
                Arguments.of("REJECT:99", ErrorCode.BAD_COMMAND, "REJECT takes a SIP status 400-699, got '99'"),
                Arguments.of("REJECT:700", ErrorCode.BAD_COMMAND, "REJECT takes a SIP status 400-699, got '700'"),
                Arguments.of("", ErrorCode.BAD_COMMAND, "empty message"),
                Arguments.of("HELLO", ErrorCode.BAD_COMMAND, "unknown command 'HELLO' (expected CALL, HANGUP, WAV_UPLOAD, PLAY_WAV, AUDIO_FORMAT, MARK, CLEAR, SEND_DTMF, LISTEN, ANSWER, REJECT, WATCH, HOLD, RESUME or TRANSFER)"),
                Arguments.of("hangup", ErrorCode.BAD_COMMAND, "unknown command 'hangup' (expected CALL, HANGUP, WAV_UPLOAD, PLAY_WAV, AUDIO_FORMAT, MARK, CLEAR, SEND_DTMF, LISTEN, ANSWER, REJECT, WATCH, HOLD, RESUME or TRANSFER)"),
                Arguments.of("HANGUP ", ErrorCode.BAD_COMMAND, "unknown command 'HANGUP ' (expected CALL, HANGUP, WAV_UPLOAD, PLAY_WAV, AUDIO_FORMAT, MARK, CLEAR, SEND_DTMF, LISTEN, ANSWER, REJECT, WATCH, HOLD, RESUME or TRANSFER)"),
                Arguments.of("HANGUP:", ErrorCode.BAD_COMMAND, "HANGUP takes no argument"),
                Arguments.of("CALL", ErrorCode.BAD_COMMAND, "CALL needs an argument: CALL:<target>"),
                Arguments.of("CALL:", ErrorCode.BAD_TARGET, "target is empty"),
                Arguments.of("PLAY_WAV", ErrorCode.BAD_COMMAND, "PLAY_WAV needs an argument: PLAY_WAV:<name>"),
                Arguments.of("PLAY_WAV:", ErrorCode.BAD_NAME, "file name is empty"),
                Arguments.of("WAV_UPLOAD:a.wav", ErrorCode.BAD_COMMAND, "expected WAV_UPLOAD:<name>:<base64>"),
                Arguments.of("WAV_UPLOAD::AAAA", ErrorCode.BAD_NAME, "file name is empty"),
                Arguments.of("X".repeat(100), ErrorCode.BAD_COMMAND,
                        "unknown command '" + "X".repeat(32) + "...(100 chars)' (expected CALL, HANGUP, WAV_UPLOAD, PLAY_WAV, AUDIO_FORMAT, MARK, CLEAR, SEND_DTMF, LISTEN, ANSWER, REJECT, WATCH, HOLD, RESUME or TRANSFER)"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesWithOneCodeAndReason(String message, ErrorCode code, String reason) {
        GatewayException e = assertThrows(GatewayException.class, () -> parser.parse(message));
        assertEquals(code, e.code());
        assertEquals(reason, e.getMessage());
        assertEquals("ERROR:" + code.wire() + ":" + reason, e.toWire());
    }

    /** The session decides whether it takes audio (ProtocolErrorsTest: refused without AUDIO_FORMAT). */
    @Test
    void binaryIsTheClientsAudio() throws Exception {
        Command command = parser.parse(new byte[] {1, 2});
        assertEquals(CommandParser.CLIENT_AUDIO, command.name());
        assertEquals(2, ((Command.ClientAudio) command).bytes().length);
    }

    @Test
    void errorRepliesStayOnOneLine() {
        GatewayException e = new GatewayException(ErrorCode.BAD_WAV, "line one\r\nline two");
        assertEquals("ERROR:bad-wav:line one??line two", e.toWire());
    }
}
