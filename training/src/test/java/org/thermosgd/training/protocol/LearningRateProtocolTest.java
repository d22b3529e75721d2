package org.thermosgd.training.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.thermosgd.sde.sgd.StepFactor;

class LearningRateProtocolTest {
    @Test
    void constantIsOne() {
        LearningRateProtocol p = LearningRateProtocol.parse("constant");
        assertEquals(1.0, p.factor(1, 123, 4, 4.5));
        assertEquals("constant", p.id());
    }

    /** U[0, 2]: mean 1 and variance 1/3 within 4 standard errors over 200,000 steps; a pure function of the step. */
    @Test
    void randomIsUniformWithMeanOneAndReplays() {
        LearningRateProtocol p = LearningRateProtocol.parse("random");
        long seed = 42;
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        double min = 2;
        double max = 0;
        for (int i = 0; i < n; i++) {
            double s = p.factor(seed, i, 0, 0);
            sum += s;
            sumSq += s * s;
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        double mean = sum / n;
        double var = sumSq / n - mean * mean;
        assertEquals(1.0, mean, 4 * Math.sqrt(1.0 / 3 / n));
        assertEquals(1.0 / 3, var, 4 * Math.sqrt((4.0 / 5 - 1.0 / 9) / n) * 1.2);
        assertTrue(min >= 0 && max < 2);
        // replay: the same step gives the same factor whatever was asked before, and is called many times per step
        LearningRateProtocol again = LearningRateProtocol.parse("random");
        assertEquals(p.factor(seed, 77_777, 5, 5.1), again.factor(seed, 77_777, 5, 5.1));
        assertTrue(p.factor(seed, 1, 0, 0) != again.factor(43, 1, 0, 0));
        // lag-1 correlation near zero
        double c = 0;
        for (int i = 0; i < n - 1; i++) {
            c += (p.factor(seed, i, 0, 0) - 1) * (p.factor(seed, i + 1, 0, 0) - 1);
        }
        assertEquals(0, c / (n - 1) / (1.0 / 3), 4 / Math.sqrt(n));
        assertEquals(0.5, LearningRateProtocol.parse("random-max").meanFactor());
    }

    @Test
    void cyclicFollowsEquationTwentyPerEpochOrFractionalEpoch() {
        LearningRateProtocol p = LearningRateProtocol.parse("cyclic:6");
        assertEquals(2.0, p.factor(1, 0, 0, 0.9), 1e-15);
        assertEquals(1.0, p.factor(1, 999, 3, 3.2), 1e-15);
        assertEquals(0.0, p.factor(1, 999, 6, 6.5), 1e-15);
        LearningRateProtocol q = LearningRateProtocol.parse("cyclic-iter:6");
        assertEquals(1 + Math.cos(Math.PI * 3.5 / 6), q.factor(1, 999, 3, 3.5), 1e-15);
        assertEquals("cyclic-iter:6", q.id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateProtocol.parse("cyclic:x"));
        assertTrue(e.getMessage().contains("cyclic:x"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateProtocol.parse("adam"));
    }

    /**
     * Each protocol's step-factor law is the law of the factors it gives a run: the constant and uniform laws by their
     * moments, the cyclic ones as the exact sequence over one period of 2P epochs (mean 1 to 1e-12, E[s^2] = 3/2 for
     * the per-iteration cosine to 1e-12, the per-epoch staircase's own mean square), so predictions use what drove
     * the run.
     */
    @Test
    void lawIsTheLawOfTheFactors() {
        assertEquals(4.0 / 3, LearningRateProtocol.parse("random").law(10).meanSquare(), 1e-15);
        assertEquals(1.0 / 3, LearningRateProtocol.parse("random-max").law(10).meanSquare(), 1e-15);
        assertEquals(1.0, LearningRateProtocol.parse("constant").law(10).meanSquare());
        int nb = 7;
        LearningRateProtocol c = LearningRateProtocol.parse("cyclic:3");
        StepFactor law = c.law(nb);
        assertEquals(6 * nb, law.periodSteps());
        double sq = 0;
        for (int t = 0; t < 6 * nb; t++) {
            int e = t / nb;
            assertEquals(c.factor(5, t, e, e + (double) (t % nb) / nb), law.deterministic(t));
            sq += law.deterministic(t) * law.deterministic(t);
        }
        assertEquals(1.0, law.mean(), 1e-12);
        assertEquals(sq / (6 * nb), law.meanSquare(), 1e-12);
        assertEquals(1.5, LearningRateProtocol.parse("cyclic-iter:3").law(nb).meanSquare(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateProtocol.parse("cyclic:2.25").law(nb));
        assertTrue(e.getMessage().contains("whole number of epochs"), e.getMessage());
    }

    /** Issue 22: a period beyond an int number of steps once failed with a bare "integer overflow". */
    @Test
    void periodsTooLongForALawAreRefusedWithTheirSize() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> LearningRateProtocol.parse("cyclic:1000000000").law(235)).getMessage();
        assertTrue(m.contains("protocol cyclic:1000000000") && m.contains("470000000000 steps")
                && m.contains("shorter P"), m);
    }
}
