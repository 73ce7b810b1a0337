package org.sipgateway.testline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A CANCEL while the test line rings: 200 for the CANCEL, 487 for the INVITE, and the call is never answered. */
class TestLineCancelTest {

    private TestLine line;

    @BeforeEach
    void start() {
        line = TestLine.start("127.0.0.1", 0, TestLineOptions.defaults().withRingDelayMs(5_000));
    }

    @AfterEach
    void stop() {
        line.close();
    }

    @Test
    void cancelWhileRingingGives487() throws Exception {
        Sipp.Result result = Sipp.run(line.hostPort(), "-sf", Sipp.scenario("uac-cancel.xml"), "-m", "1");
        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(0, line.answeredCalls());
        assertEquals(0, line.activeCalls());

        Path messages;
        try (var files = Files.list(result.workDir())) {
            messages = files.filter(f -> f.toString().endsWith("_messages.log")).findFirst().orElseThrow();
        }
        String trace = Files.readString(messages, StandardCharsets.ISO_8859_1);
        assertTrue(trace.contains("SIP/2.0 487 Request Terminated"), trace);
        assertTrue(trace.contains("CSeq: 1 CANCEL"), trace);
    }

    @Test
    void cancelledCallIsNotAnsweredLater() throws Exception {
        try (TestLine quick = TestLine.start("127.0.0.1", 0, TestLineOptions.defaults().withRingDelayMs(700))) {
            Sipp.Result result = Sipp.run(quick.hostPort(), "-sf", Sipp.scenario("uac-cancel.xml"), "-m", "1");
            assertEquals(0, result.exitCode(), result::describe);
            Thread.sleep(1_000); // past the ring delay: the cancelled answer must not fire
            assertEquals(0, quick.answeredCalls());
        }
    }
}
