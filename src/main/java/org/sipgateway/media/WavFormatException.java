package org.sipgateway.media;

/** A WAV file this library cannot use; the message says exactly why, in words fit for an end user. */
public final class WavFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public WavFormatException(String reason) {
        super(reason);
    }
}
