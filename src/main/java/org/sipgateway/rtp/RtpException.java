package org.sipgateway.rtp;

/** A media request that cannot be served; the message says why. Answered as ERROR:no-call. */
public final class RtpException extends Exception {

    public RtpException(String message) {
        super(message);
    }

    public String toWire() {
        return "ERROR:no-call:" + getMessage();
    }
}
