package org.thermosgd.sde.lyapunov;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.thermosgd.sde.ensemble.Ensemble;
import org.thermosgd.sde.ensemble.PathDriver;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.integrator.ExactLinearTransition;
import org.thermosgd.sde.observable.AcrossPaths;
import org.thermosgd.sde.observable.CovarianceAccumulator;

/**
 * The stationary covariance of dZ = F Z dt + B dW, exact or of the Euler-Maruyama chain at step dt, and optionally
 * the same sampled: paths from 0, a burn-in of {@link #BURN_IN_RELAXATIONS} relaxation times, then each path's time
 * average of Z Z^T; standard errors across paths. What {@code thermosgd sde stationary} prints.
 */
public final class LinearStationaryComparison {
    public static final double BURN_IN_RELAXATIONS = 20;

    /**
     * The comparison (JSON fields in alphabetical order; {@code simulated} absent unless asked for). Covariances in
     * the units of Z squared.
     *
     * @param cov the stationary covariance, exact for the SDE or for the Euler-Maruyama chain at step dt
     * @param scheme exact or euler-maruyama
     * @param simulated the sampled covariance (absent without --simulate)
     * @param conventions the definitions, in words
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(double[][] cov, String scheme, Simulated simulated, Map<String, String> conventions) {
    }

    /**
     * The sampled covariance.
     *
     * @param cov mean over paths of each path's time-averaged Z Z^T after burn-in
     * @param se its standard error across paths, entry by entry
     * @param paths independent paths
     * @param burnInSteps steps discarded per path (20 relaxation times)
     * @param steps steps averaged per path
     * @param seed the seed of the paths
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Simulated(double[][] cov, double[][] se, int paths, long burnInSteps, long steps, long seed) {
    }

    private LinearStationaryComparison() {
    }

    /** The exact covariance and, with {@code simulate}, the sampled one. */
    public static Result of(LinearSdeFile f, String source, boolean simulate, int paths, long steps, long seed,
                            int threads) {
        boolean exact = f.scheme().equals(LinearSdeFile.EXACT);
        double[][] cov = exact ? LinearStationary.continuous(f.sde()) : LinearStationary.eulerMaruyama(f.sde(), f.dt());
        Simulated simulated = null;
        if (simulate) {
            if (f.dt() == null) {
                throw new IllegalArgumentException(source + ": field 'dt' is required to simulate");
            }
            simulated = sample(f, paths, steps, seed, threads);
        }
        return new Result(cov, f.scheme(), simulated, Map.of("cov", exact
                ? "stationary covariance of the SDE: F S + S F^T + B B^T = 0"
                : "stationary covariance of the Euler-Maruyama chain at step dt: S = (I + F dt) S (I + F dt)^T"
                + " + B B^T dt", "simulated", "mean over paths of each path's time-averaged Z Z^T after a"
                + " burn-in of 20 relaxation times (paths start at 0); se = standard error across paths"));
    }

    private static Simulated sample(LinearSdeFile f, int paths, long steps, long seed, int threads) {
        int d = f.sde().dimension();
        Ensemble.requireHeap("--paths " + paths, paths, d * (16 + 8.0 * d) + 16);
        double dt = f.dt();
        long burnIn = (long) Math.ceil(BURN_IN_RELAXATIONS * LinearStationary.relaxationTime(f.sde()) / dt);
        boolean exact = f.scheme().equals(LinearSdeFile.EXACT);
        List<double[][]> per = PathDriver.run(paths, threads, seed, (i, rng) -> exact
                        ? ExactLinearTransition.create().stepper(f.sde(), dt, rng)
                        : EulerMaruyama.create().stepper(f.sde(), dt, rng), i -> new double[d],
                new PathDriver.Schedule(burnIn, steps, dt), () -> new PathDriver.Observer<double[][]>() {
                    private final CovarianceAccumulator acc = new CovarianceAccumulator(d);

                    @Override
                    public void measure(long step, double[] y) {
                        acc.add(y);
                    }

                    @Override
                    public double[][] result() {
                        return acc.secondMoments();
                    }
                });
        double[][] mean = new double[d][d];
        double[][] se = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                int a = i;
                int b = j;
                AcrossPaths s = AcrossPaths.of(per, m -> m[a][b]);
                mean[i][j] = s.mean();
                se[i][j] = s.standardError();
            }
        }
        return new Simulated(mean, se, paths, burnIn, steps, seed);
    }
}
