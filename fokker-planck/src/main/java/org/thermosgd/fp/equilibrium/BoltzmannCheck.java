package org.thermosgd.fp.equilibrium;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Samples of one coordinate against the Boltzmann law exp(-f(x)/T): the maximum-likelihood temperature with its 95%
 * profile interval ({@link BoltzmannFit}), the KS statistic and p-value and KL(samples || Boltzmann at T) in nats with
 * a bootstrap interval ({@link GoodnessOfFit}), on a domain [lo, hi] that contains every sample. At most
 * {@link #MAX_SAMPLES} samples are used (evenly thinned beyond). The tests treat samples as independent: pass samples
 * spaced beyond the autocorrelation time, or read the interval and p-value as optimistic.
 *
 * @param temperature the reference temperature T of the KS and KL comparisons (energy units of f)
 */
public record BoltzmannCheck(int samples, double temperature, double lo, double hi, BoltzmannFit fit,
                             GoodnessOfFit.Ks ks, GoodnessOfFit.Kl kl) {
    public static final int MAX_SAMPLES = 4000;
    /** Histogram bins of the KL divergence. */
    public static final int KL_BINS = 40;
    /** Bootstrap replicates of the KL interval. */
    public static final int KL_REPLICATES = 200;

    /** On [min - 25% range, max + 25% range] of the samples. */
    public static BoltzmannCheck of(DoubleUnaryOperator f, double[] x, double temperature, long seed) {
        double min = Arrays.stream(x).min().orElse(0);
        double max = Arrays.stream(x).max().orElse(0);
        double pad = 0.25 * (max - min) + 1e-12;
        return of(f, x, temperature, min - pad, max + pad, seed);
    }

    /** On [lo, hi], widened to contain every sample. */
    public static BoltzmannCheck of(DoubleUnaryOperator f, double[] x, double temperature, double lo, double hi,
                                    long seed) {
        double[] s = thin(x, MAX_SAMPLES);
        double a = Math.min(lo, Arrays.stream(s).min().orElse(lo));
        double b = Math.max(hi, Arrays.stream(s).max().orElse(hi));
        DoubleUnaryOperator cdf = v -> BoltzmannFit.cdf(f, temperature, a, b, v);
        return new BoltzmannCheck(s.length, temperature, a, b, BoltzmannFit.of(f, s, a, b),
                GoodnessOfFit.kolmogorovSmirnov(s, cdf),
                GoodnessOfFit.kullbackLeibler(s, cdf, a, b, KL_BINS, KL_REPLICATES, seed));
    }

    /** At most {@code max} values, evenly strided. */
    public static double[] thin(double[] x, int max) {
        int stride = Math.max(1, (int) Math.ceil((double) x.length / max));
        double[] out = new double[(x.length + stride - 1) / stride];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i * stride];
        }
        return out;
    }

    /**
     * The check for JSON (fields in alphabetical order); temperatures in the energy units of f.
     *
     * @param samples the samples used (after thinning)
     * @param fittedTemperature the maximum-likelihood temperature
     * @param fittedTemperature95 its 95% profile interval {lo, hi}
     * @param referenceTemperature T of the KS and KL comparisons
     * @param ksStatistic the Kolmogorov-Smirnov statistic against Boltzmann at T
     * @param ksPValue its p-value
     * @param klNats KL(samples || Boltzmann at T), nats
     * @param klNats95 its bootstrap 95% interval {lo, hi}, nats
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Summary(int samples, double fittedTemperature, double[] fittedTemperature95,
                          double referenceTemperature, double ksStatistic, double ksPValue, double klNats,
                          double[] klNats95) {
    }

    /** For JSON: samples, fitted temperature and interval, KS statistic and p-value, KL and interval. */
    public Summary summary() {
        return new Summary(samples, fit.temperature(), new double[] {fit.lo95(), fit.hi95()}, temperature,
                ks.statistic(), ks.pValue(), kl.value(), new double[] {kl.lo95(), kl.hi95()});
    }
}
