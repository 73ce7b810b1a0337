package org.sipgateway.testline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SIPp's built-in uac scenario (INVITE, 100/180/200, ACK, pause, BYE, 200) against the test line. */
class TestLineAnswersTest {

    private TestLine line;

    @BeforeEach
    void start() {
        line = TestLine.start("127.0.0.1", 0, TestLineOptions.defaults());
    }

    @AfterEach
    void stop() {
        line.close();
    }

    @Test
    void answersOneCall() throws Exception {
        Sipp.Result result = Sipp.run(line.hostPort(), "-sn", "uac", "-m", "1");
        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(1, line.answeredCalls());
        awaitNoActiveCalls();
    }

    @Test
    void answersFiveConcurrentCalls() throws Exception {
        Sipp.Result result = Sipp.run(line.hostPort(), "-sn", "uac", "-m", "5", "-l", "5", "-r", "50");
        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(5, line.answeredCalls());
        awaitNoActiveCalls();
    }

    @Test
    void answersOverTcp() throws Exception {
        Sipp.Result result = Sipp.run(line.hostPort(), "-sn", "uac", "-m", "1", "-t", "t1");
        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(1, line.answeredCalls());
        awaitNoActiveCalls();
    }

    @Test
    void describesItself() {
        assertEquals("built-in test line at " + line.hostPort() + " (answers every call, echoes audio)",
                line.description());
        assertTrue(line.hostPort().startsWith("127.0.0.1:"));
        assertEquals(line.sipPort(), Integer.parseInt(line.hostPort().substring("127.0.0.1:".length())));
    }

    private void awaitNoActiveCalls() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (line.activeCalls() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, line.activeCalls());
    }
}
