package org.thermosgd.sde.lyapunov;

import java.util.Arrays;
import java.util.LinkedHashMap;
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

    private LinearStationaryComparison() {
    }

    /** The exact covariance and, with {@code simulate}, the sampled one; as a JSON-ready map. */
    public static Map<String, Object> of(LinearSdeFile f, String source, boolean simulate, int paths, long steps,
                                         long seed, int threads) {
        boolean exact = f.scheme().equals(LinearSdeFile.EXACT);
        double[][] cov = exact ? LinearStationary.continuous(f.sde()) : LinearStationary.eulerMaruyama(f.sde(), f.dt());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cov", cov);
        out.put("scheme", f.scheme());
        if (simulate) {
            if (f.dt() == null) {
                throw new IllegalArgumentException(source + ": field 'dt' is required to simulate");
            }
            out.put("simulated", sample(f, paths, steps, seed, threads));
        }
        out.put("conventions", Map.of("cov", exact
                ? "stationary covariance of the SDE: F S + S F^T + B B^T = 0"
                : "stationary covariance of the Euler-Maruyama chain at step dt: S = (I + F dt) S (I + F dt)^T"
                + " + B B^T dt", "simulated", "mean over paths of each path's time-averaged Z Z^T after a"
                + " burn-in of 20 relaxation times (paths start at 0); se = standard error across paths"));
        return out;
    }

    private static Map<String, Object> sample(LinearSdeFile f, int paths, long steps, long seed, int threads) {
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
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cov", mean);
        result.put("se", se);
        result.put("paths", paths);
        result.put("burnInSteps", burnIn);
        result.put("steps", steps);
        result.put("seed", seed);
        return result;
    }

    /** The comparison as text. */
    @SuppressWarnings("unchecked")
    public static String text(Map<String, Object> out) {
        StringBuilder b = new StringBuilder("stationary covariance (" + out.get("scheme") + "):\n");
        for (double[] row : (double[][]) out.get("cov")) {
            b.append("  ").append(Arrays.toString(row)).append('\n');
        }
        Map<String, Object> sim = (Map<String, Object>) out.get("simulated");
        if (sim != null) {
            b.append("simulated (").append(sim.get("paths")).append(" paths x ").append(sim.get("steps"))
                    .append(" steps), entry +- standard error:\n");
            double[][] m = (double[][]) sim.get("cov");
            double[][] se = (double[][]) sim.get("se");
            for (int i = 0; i < m.length; i++) {
                b.append(" ");
                for (int j = 0; j < m.length; j++) {
                    b.append(String.format(" %.6g +- %.2g", m[i][j], se[i][j]));
                }
                b.append('\n');
            }
        }
        return b.toString().stripTrailing();
    }
}
