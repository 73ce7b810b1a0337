package org.sipgateway.ws;

/** A message was addressed to a session whose WebSocket is no longer open; it was not delivered. */
public final class SessionGoneException extends Exception {

    private final String sessionId;

    public SessionGoneException(String sessionId, String why) {
        super("Session " + sessionId + ": message not delivered, " + why);
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }
}
