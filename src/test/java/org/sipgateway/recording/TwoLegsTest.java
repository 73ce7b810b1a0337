package org.sipgateway.recording;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The stereo record's alignment of the far end (channel 1) and the gateway (channel 2). */
class TwoLegsTest {

    private static final byte SILENCE = (byte) 0xFF;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final TwoLegs legs = new TwoLegs(SILENCE, out::write);

    private static byte[] frame(int value) {
        byte[] frame = new byte[TwoLegs.FRAME];
        Arrays.fill(frame, (byte) value);
        return frame;
    }

    /** The interleaved bytes of far end {@code left} beside gateway {@code right}, frame by frame. */
    private static byte[] pairs(int[] left, int[] right) {
        byte[] expected = new byte[left.length * 2 * TwoLegs.FRAME];
        for (int f = 0; f < left.length; f++) {
            for (int i = 0; i < TwoLegs.FRAME; i++) {
                expected[(f * TwoLegs.FRAME + i) * 2] = (byte) left[f];
                expected[(f * TwoLegs.FRAME + i) * 2 + 1] = (byte) right[f];
            }
        }
        return expected;
    }

    private void far(int value) {
        legs.far(frame(value), 0, TwoLegs.FRAME);
    }

    private void near(int value) {
        legs.near(frame(value), 0, TwoLegs.FRAME);
    }

    @Test
    void eachTickIsPairedWithTheFarEndsNextFrame() {
        far(1);
        near(101);
        near(102);
        far(2);
        far(3);
        near(103);
        assertArrayEquals(pairs(new int[] {1, 2, 3}, new int[] {101, 102, 103}), out.toByteArray());
    }

    @Test
    void aLateFarEndFrameWithinTheWindowIsWaitedFor() {
        near(101);
        near(102);
        near(103);
        assertEquals(0, out.size(), "three ticks wait for the far end");
        far(1);
        far(2);
        far(3);
        assertArrayEquals(pairs(new int[] {1, 2, 3}, new int[] {101, 102, 103}), out.toByteArray());
        assertEquals(0, legs.farSkipped());
    }

    @Test
    void aFarEndSilentLongerThanTheWindowIsSilenceAndItsLateAudioIsSkipped() {
        far(1);
        near(101);
        for (int tick = 102; tick <= 106; tick++) {
            near(tick);
        }
        // Ticks 102 and 103 went out beside silence; 104-106 wait.
        assertArrayEquals(pairs(new int[] {1, 0xFF, 0xFF}, new int[] {101, 102, 103}), out.toByteArray());
        far(2); // the receive side's fill for tick 102: already written as silence
        far(3); // and for 103
        far(4);
        far(5);
        far(6);
        assertEquals(2 * TwoLegs.FRAME, legs.farSkipped());
        assertArrayEquals(pairs(new int[] {1, 0xFF, 0xFF, 4, 5, 6}, new int[] {101, 102, 103, 104, 105, 106}),
                out.toByteArray());
    }

    @Test
    void theRecordStartsWithTheFirstAudioOfEitherSide() {
        legs.near(frame(0xFF), 0, TwoLegs.FRAME);
        legs.near(frame(0xFF), 0, TwoLegs.FRAME);
        near(101);
        far(1);
        assertArrayEquals(pairs(new int[] {1}, new int[] {101}), out.toByteArray(), "silent ticks before any audio are not recorded");
    }

    @Test
    void flushWritesWhatWaitsBesideSilence() {
        far(1);
        far(2);
        near(101);
        legs.flush();
        assertArrayEquals(pairs(new int[] {1, 2}, new int[] {101, 0xFF}), out.toByteArray());
        out.reset();
        near(102);
        legs.flush();
        assertArrayEquals(pairs(new int[] {0xFF}, new int[] {102}), out.toByteArray());
    }

    @Test
    void aFarEndFasterThanRealTimeLosesItsOldestAudio() {
        int frames = TwoLegs.FAR_CAPACITY / TwoLegs.FRAME;
        for (int i = 1; i <= frames + 2; i++) {
            far(i);
        }
        near(101);
        assertEquals(2 * TwoLegs.FRAME, legs.farDropped());
        assertArrayEquals(pairs(new int[] {3}, new int[] {101}), out.toByteArray());
    }

    @Test
    void farEndAudioOfOtherPacketSizesIsCutIntoTicks() {
        byte[] thirty = new byte[240];
        Arrays.fill(thirty, 0, 160, (byte) 1);
        Arrays.fill(thirty, 160, 240, (byte) 2);
        legs.far(thirty, 0, thirty.length);
        near(101);
        legs.far(frame(2), 0, 80);
        near(102);
        assertArrayEquals(pairs(new int[] {1, 2}, new int[] {101, 102}), out.toByteArray());
    }

    @Test
    void aTickIsOneFrame() {
        assertThrows(IllegalArgumentException.class, () -> legs.near(new byte[100], 0, 100));
    }
}
