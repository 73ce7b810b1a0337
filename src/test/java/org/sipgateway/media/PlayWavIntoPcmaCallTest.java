package org.sipgateway.media;

/** The same as {@link PlayWavIntoCallTest} with a far end that answers PCMA only. */
class PlayWavIntoPcmaCallTest extends PlayWavIntoCallTest {

    @Override
    protected G711Codec codec() {
        return G711Codec.PCMA;
    }
}
