package org.thermosgd.sde.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.thermosgd.sde.integrator.Stepper;

class PathDriverTest {
    /**
     * Burn-in and measured steps are shown to the observer in order with their step index and time k dt, each path
     * starts from its own initial state and draws from its own stream, and the result does not depend on the
     * thread count.
     */
    @Test
    void stepsBurnInThenMeasureOnEachPath() {
        PathDriver.Schedule schedule = new PathDriver.Schedule(5, 7, 0.5);
        AtomicLong progress = new AtomicLong();
        List<double[]> one = run(schedule, 1, progress);
        List<double[]> two = run(schedule, 2, new AtomicLong());
        assertEquals(3, one.size());
        for (int p = 0; p < 3; p++) {
            double[] r = one.get(p);
            assertEquals(5, r[0], "burn-in steps seen");
            assertEquals(7, r[1], "measured steps seen");
            assertEquals(p + 12 * 1.0, r[2], "state after 12 unit increments from p");
            assertEquals(11 * 0.5, r[3], "time of the last step");
            assertEquals(r[4], two.get(p)[4], "same stream with 1 or 2 threads");
        }
        assertEquals(3 * 12, progress.get(), "progress counts every step");
    }

    private static List<double[]> run(PathDriver.Schedule schedule, int threads, AtomicLong progress) {
        return PathDriver.run(3, threads, 42, (path, rng) -> {
            return new Stepper() {
                @Override
                public void step(double t, double[] y) {
                    y[0] += 1;
                    y[1] = t;
                    y[2] += rng.nextDouble();
                }
            };
        }, p -> new double[] {p, 0, 0}, schedule, () -> new PathDriver.Observer<double[]>() {
            private final double[] r = new double[5];
            private long expected;

            @Override
            public void burnIn(long step, double[] y) {
                assertEquals(expected++, step);
                r[0]++;
            }

            @Override
            public void measure(long step, double[] y) {
                assertEquals(expected++, step);
                r[1]++;
                r[2] = y[0];
                r[3] = y[1];
                r[4] = y[2];
            }

            @Override
            public double[] result() {
                return r;
            }
        }, progress::addAndGet);
    }
}
