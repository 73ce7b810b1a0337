package org.sipgateway.log;

import org.slf4j.MDC;

/**
 * Puts a session id and a call id on every log line written inside a try-with-resources block,
 * then restores what the thread had before (threads are pooled and shared by many calls).
 */
public final class LogContext implements AutoCloseable {

    public static final String SESSION = "session";
    public static final String CALL = "call";

    private final String previousSession;
    private final String previousCall;

    private LogContext(String session, String call) {
        previousSession = MDC.get(SESSION);
        previousCall = MDC.get(CALL);
        put(SESSION, session);
        put(CALL, call);
    }

    public static LogContext of(String session, String call) {
        return new LogContext(session, call);
    }

    @Override
    public void close() {
        put(SESSION, previousSession);
        put(CALL, previousCall);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
