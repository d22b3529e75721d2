package org.thermosgd.fp.equilibrium;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/** One-sample Kolmogorov-Smirnov test and a histogram KL divergence with a bootstrap interval. */
public final class GoodnessOfFit {
    /** KS statistic sup |F_N - F| and its asymptotic p-value (Kolmogorov distribution, Stephens' correction). */
    public record Ks(double statistic, double pValue, int samples) {
    }

    /** KL(empirical || model) over histogram bins (nats) with a 95% bootstrap percentile interval. */
    public record Kl(double value, double lo95, double hi95, int bins, int replicates) {
    }

    private GoodnessOfFit() {
    }

    public static Ks kolmogorovSmirnov(double[] x, DoubleUnaryOperator cdf) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(s[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        double sqrtN = Math.sqrt(n);
        double lambda = (sqrtN + 0.12 + 0.11 / sqrtN) * d;
        double p = 0;
        for (int k = 1; k <= 100; k++) {
            double term = 2 * Math.pow(-1, k - 1) * Math.exp(-2.0 * k * k * lambda * lambda);
            p += term;
            if (Math.abs(term) < 1e-16) {
                break;
            }
        }
        return new Ks(d, Math.max(0, Math.min(1, p)), n);
    }

    /** KL between the binned sample and the model's bin probabilities (from its CDF) on [lo, hi]. */
    public static Kl kullbackLeibler(double[] x, DoubleUnaryOperator cdf, double lo, double hi, int bins,
                                     int replicates, long seed) {
        double[] q = new double[bins];
        double w = (hi - lo) / bins;
        for (int b = 0; b < bins; b++) {
            q[b] = Math.max(1e-300, cdf.applyAsDouble(lo + (b + 1) * w) - cdf.applyAsDouble(lo + b * w));
        }
        int[] bin = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            bin[i] = Math.max(0, Math.min(bins - 1, (int) ((x[i] - lo) / w)));
        }
        double value = kl(bin, q);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] reps = new double[replicates];
        int[] draw = new int[x.length];
        for (int r = 0; r < replicates; r++) {
            for (int i = 0; i < x.length; i++) {
                draw[i] = bin[rng.nextInt(x.length)];
            }
            reps[r] = kl(draw, q);
        }
        Arrays.sort(reps);
        double lo95 = replicates > 0 ? reps[(int) Math.floor(0.025 * (replicates - 1))] : Double.NaN;
        double hi95 = replicates > 0 ? reps[(int) Math.ceil(0.975 * (replicates - 1))] : Double.NaN;
        return new Kl(value, lo95, hi95, bins, replicates);
    }

    private static double kl(int[] bins, double[] q) {
        double[] p = new double[q.length];
        for (int b : bins) {
            p[b] += 1.0 / bins.length;
        }
        double s = 0;
        for (int b = 0; b < q.length; b++) {
            if (p[b] > 0) {
                s += p[b] * Math.log(p[b] / q[b]);
            }
        }
        return s;
    }
}
