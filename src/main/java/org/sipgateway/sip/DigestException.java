package org.sipgateway.sip;

/** A digest challenge that cannot be parsed or answered, with the reason. */
public final class DigestException extends Exception {

    private static final long serialVersionUID = 1L;

    public DigestException(String reason) {
        super(reason);
    }
}
