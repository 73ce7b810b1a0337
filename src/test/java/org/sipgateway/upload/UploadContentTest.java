package org.sipgateway.upload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The payload checks of WAV_UPLOAD: each refusal is one ERROR and leaves the disk as it was. */
class UploadContentTest extends GatewayTestSupport {

    private static final int LIMIT = 64 * 1024;

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.upload.max-bytes", Integer.toString(LIMIT));
    }

    private String upload(String name, String base64) throws Exception {
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:" + name + ":" + base64);
            return client.next();
        }
    }

    private void assertRefusedAndAbsent(String reply, String expectedPrefix, String name) throws Exception {
        assertTrue(reply.startsWith(expectedPrefix), reply);
        assertFalse(Files.exists(uploadDir.resolve(name)), name + " must not exist");
        assertNoTempFiles();
    }

    private void assertNoTempFiles() throws Exception {
        try (Stream<Path> files = Files.list(uploadDir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith(".")).count());
        }
    }

    @Test
    void storesAValidWavAndAcknowledgesItsSize() throws Exception {
        byte[] wav = Wavs.tone(8000, 440, 4000, 0.3);
        assertEquals("WAV_ACK:stored ok.wav (" + wav.length + " bytes)", upload("ok.wav", Wavs.base64(wav)));
        assertArrayEquals(wav, Files.readAllBytes(uploadDir.resolve("ok.wav")));
        assertNoTempFiles();
    }

    @Test
    void acceptsEveryFormatOfTheContract() throws Exception {
        for (String fixture : new String[] {"pcm16-8k-mono-1k.wav", "pcm16-44k1-stereo-1k.wav", "pcm16-16k-mono-1k.wav",
                "mulaw-8k-1k.wav", "alaw-8k-1k.wav"}) {
            byte[] wav = Wavs.fixture(fixture);
            assertEquals("WAV_ACK:stored " + fixture + " (" + wav.length + " bytes)", upload(fixture, Wavs.base64(wav)));
        }
    }

    @Test
    void badBase64() throws Exception {
        assertRefusedAndAbsent(upload("b.wav", "UklGR!!!"), "ERROR:bad-base64:not valid base64", "b.wav");
        assertRefusedAndAbsent(upload("b.wav", "UklGRg"), "ERROR:bad-base64:length 6 is not a multiple of 4", "b.wav");
        assertRefusedAndAbsent(upload("b.wav", "Ukl\nGRg=="), "ERROR:bad-base64:", "b.wav");
    }

    @Test
    void emptyPayload() throws Exception {
        assertRefusedAndAbsent(upload("e.wav", ""), "ERROR:bad-base64:payload is empty", "e.wav");
    }

    @Test
    void missingPayloadSeparator() throws Exception {
        assertEquals("ERROR:bad-command:expected WAV_UPLOAD:<name>:<base64>", upload("e.wav", "").substring(0, 0)
                + uploadRaw("WAV_UPLOAD:e.wav"));
    }

    private String uploadRaw(String message) throws Exception {
        try (WsClient client = connect()) {
            client.send(message);
            return client.next();
        }
    }

    @Test
    void exactlyTheLimitIsAcceptedOneByteOverIsNot() throws Exception {
        assertEquals("WAV_ACK:stored max.wav (" + LIMIT + " bytes)", upload("max.wav", Wavs.base64(Wavs.ofSize(LIMIT))));
        byte[] over = new byte[LIMIT + 1];
        System.arraycopy(Wavs.ofSize(LIMIT), 0, over, 0, LIMIT);
        assertRefusedAndAbsent(upload("over.wav", Wavs.base64(over)),
                "ERROR:too-large:file is " + (LIMIT + 1) + " bytes, the limit is " + LIMIT, "over.wav");
    }

    @Test
    void randomBytes() throws Exception {
        byte[] noise = new byte[5000];
        new Random(7).nextBytes(noise);
        assertRefusedAndAbsent(upload("noise.wav", Wavs.base64(noise)), "ERROR:bad-wav:", "noise.wav");
    }

    @Test
    void unsupportedFormats() throws Exception {
        assertRefusedAndAbsent(upload("p24.wav", Wavs.base64(Wavs.fixture("pcm24-8k.wav"))), "ERROR:bad-wav:24-bit", "p24.wav");
        assertRefusedAndAbsent(upload("ima.wav", Wavs.base64(Wavs.fixture("ima-adpcm-8k.wav"))), "ERROR:bad-wav:IMA ADPCM", "ima.wav");
    }

    @Test
    void dataChunkThatClaimsMoreThanTheFileHoldsIsReadUpToWhatIsThere() throws Exception {
        byte[] wav = Wavs.tone(8000, 440, 1000, 0.3);
        int declared = 1_000_000;
        wav[40] = (byte) declared;
        wav[41] = (byte) (declared >> 8);
        wav[42] = (byte) (declared >> 16);
        wav[43] = (byte) (declared >> 24);
        assertEquals("WAV_ACK:stored liar.wav (" + wav.length + " bytes)", upload("liar.wav", Wavs.base64(wav)));
    }

    @Test
    void failedUploadKeepsThePreviousFile() throws Exception {
        byte[] good = Wavs.tone(8000, 440, 2000, 0.3);
        assertTrue(upload("keep.wav", Wavs.base64(good)).startsWith("WAV_ACK:"));
        byte[] noise = new byte[3000];
        new Random(1).nextBytes(noise);
        assertTrue(upload("keep.wav", Wavs.base64(noise)).startsWith("ERROR:bad-wav:"));
        assertTrue(upload("keep.wav", Wavs.base64(new byte[LIMIT + 10])).startsWith("ERROR:too-large:"));
        assertArrayEquals(good, Files.readAllBytes(uploadDir.resolve("keep.wav")));
        assertNoTempFiles();
    }
}
