package org.thermosgd.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ImageSetTest {
    /**
     * Batches are pixel / 255 in float32 whether converted one by one (before a set's worth of images was asked
     * for) or copied from the scaled set built after it: the same values, bit for bit.
     */
    @Test
    void batchesAreTheSameBeforeAndAfterTheScaledCopy() {
        int n = 6;
        byte[] px = new byte[n * 2 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37 + 11);
        }
        ImageSet set = ImageSet.of("t", 1, 2, 3, px, new byte[] {0, 1, 2, 3, 4, 5});
        int[] idx = {5, 0, 3};
        float[] first = set.images(idx);
        for (int r = 0; r < idx.length; r++) {
            for (int k = 0; k < 6; k++) {
                assertEquals((px[idx[r] * 6 + k] & 0xff) * (1f / 255f), first[r * 6 + k]);
            }
        }
        set.images(new int[] {1, 2, 4, 1});
        assertArrayEquals(first, set.images(idx));
    }
}
