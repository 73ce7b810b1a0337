package org.sipgateway.media;

/** The same as {@link ReceivedAudioTest} with a far end that answers, sends and is recorded in PCMA. */
class ReceivedAudioPcmaTest extends ReceivedAudioTest {

    @Override
    protected G711Codec codec() {
        return G711Codec.PCMA;
    }
}
