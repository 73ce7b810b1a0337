package org.sipgateway.access;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.LogCapture;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A flood of refused handshakes writes a bounded number of log lines. */
class RefusalLogTest {

    @Test
    void atMostTwentyLinesPerWindow() {
        try (LogCapture logs = LogCapture.install()) {
            RefusalLog log = new RefusalLog(LoggerFactory.getLogger("refusal-log-test"));
            for (int i = 0; i < 10_000; i++) {
                log.refused("192.0.2.1", "no token");
            }
            long lines = logs.lines().stream().filter(l -> l.contains("refusal-log-test")).count();
            assertEquals(RefusalLog.PER_WINDOW, lines);
        }
    }
}
