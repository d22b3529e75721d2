package org.thermosgd.sde.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.integrator.Stepper;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.UnderdampedLangevin;

class EnsembleTest {
    static double[] endState(int path, org.apache.commons.rng.UniformRandomProvider rng) {
        UnderdampedLangevin p = UnderdampedLangevin.atTemperature(QuadraticPotential.diagonal(1, 2, 3), 0.5, 1.0);
        Stepper s = EulerMaruyama.create().stepper(p, 0.01, rng);
        double[] y = new double[6];
        for (int k = 0; k < 1000; k++) {
            s.step(k * 0.01, y);
        }
        return y;
    }

    @Test
    void resultsAreIdenticalWhateverTheThreadCount() {
        List<double[]> one = Ensemble.run(12, 1, 42L, EnsembleTest::endState);
        List<double[]> three = Ensemble.run(12, 3, 42L, EnsembleTest::endState);
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(one.get(i), three.get(i), 0.0, "path " + i);
        }
        assertNotEquals(one.get(0)[0], one.get(1)[0], "paths must use different streams");
        List<double[]> other = Ensemble.run(12, 2, 43L, EnsembleTest::endState);
        assertNotEquals(one.get(0)[0], other.get(0)[0], "seeds must matter");
    }

    @Test
    void streamIDependsOnlyOnSeedAndIndex() {
        long a = RandomStreams.of(1L, 3)[2].nextLong();
        long b = RandomStreams.of(1L, 10)[2].nextLong();
        assertArrayEquals(new long[] {a}, new long[] {b});
    }
}
