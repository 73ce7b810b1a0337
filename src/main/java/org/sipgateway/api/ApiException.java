package org.sipgateway.api;

/** A refused HTTP API request: the status to answer with and why, in words for the client. */
public final class ApiException extends Exception {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int getStatus() {
        return status;
    }

    /** The JSON body of the refusal. */
    public ApiError getError() {
        return new ApiError(getMessage());
    }

    public record ApiError(String error) {
    }
}
