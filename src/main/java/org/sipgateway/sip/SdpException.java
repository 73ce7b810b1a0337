package org.sipgateway.sip;

/** A session description that cannot be used, with the reason it was rejected. */
public final class SdpException extends Exception {

    private static final long serialVersionUID = 1L;

    public SdpException(String reason) {
        super(reason);
    }
}
