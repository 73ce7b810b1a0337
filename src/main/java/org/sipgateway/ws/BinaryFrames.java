package org.sipgateway.ws;

/**
 * Takes a client's binary frame on the connection's event loop, without an exchange or a route:
 * a streaming call sends 50 a second, and on the worker pool they starved the event loops that
 * also run the calls' 20 ms clocks. The consumer offers a frame only when every earlier message
 * of the connection has been handled, so the fast path never overtakes a command.
 */
public interface BinaryFrames {

    /**
     * True when the frame was taken; false leaves it to the routes (which then give a refusal
     * its error). Must not block and must not change any state when it returns false.
     */
    boolean take(String connectionKey, byte[] frame);
}
