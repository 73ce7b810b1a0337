package org.sipgateway.log;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.LogCapture;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A flood of the same warning writes a bounded number of log lines. */
class ThrottledLogTest {

    @Test
    void atMostTwentyLinesPerWindow() {
        try (LogCapture logs = LogCapture.install()) {
            ThrottledLog log = new ThrottledLog(LoggerFactory.getLogger("throttled-log-test"));
            for (int i = 0; i < 10_000; i++) {
                log.warn("WebSocket refused from {}: {}", "192.0.2.1", "no token");
            }
            long lines = logs.lines().stream().filter(l -> l.contains("throttled-log-test")).count();
            assertEquals(ThrottledLog.PER_WINDOW, lines);
        }
    }
}
