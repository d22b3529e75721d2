package org.thermosgd.sde.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.thermosgd.sde.ensemble.Ensemble;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.integrator.Stepper;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.UnderdampedLangevin;

/**
 * Euler-Maruyama for underdamped Langevin on an n = 1000 diagonal quadratic, M = 1000 paths of 20 steps per
 * operation; the score is path-steps per second. Run with bench/jmh.sh (bench/sde_em.py compares with numpy).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EulerMaruyamaBenchmark {
    static final int DIM = 1000;
    static final int PATHS = 1000;
    static final int STEPS = 20;

    @Param({"1", "2"})
    int threads;

    UnderdampedLangevin problem;

    @Setup
    public void setUp() {
        double[] h = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            h[i] = 0.5 + 1.5 * i / (DIM - 1);
        }
        problem = UnderdampedLangevin.atTemperature(QuadraticPotential.diagonal(h), 1.0, 1.0);
    }

    @Benchmark
    @OperationsPerInvocation(PATHS * STEPS)
    public double pathSteps() {
        return Ensemble.run(PATHS, threads, 1L, (i, rng) -> {
            Stepper s = EulerMaruyama.create().stepper(problem, 0.01, rng);
            double[] y = new double[2 * DIM];
            for (int k = 0; k < STEPS; k++) {
                s.step(k * 0.01, y);
            }
            return y[0];
        }).stream().mapToDouble(Double::doubleValue).sum();
    }
}
