package org.thermosgd.fp.equilibrium;

import java.util.function.DoubleUnaryOperator;

/**
 * Maximum-likelihood temperature of the Boltzmann family p_T(x) = exp(-f(x)/T) / Z(T) for samples of a 1-D potential
 * on [lo, hi], with a 95% profile-likelihood interval {T : 2 (l(T_hat) - l(T)) <= 3.841}. The likelihood equation
 * is moment matching, mean f(data) = E_T[f], solved by bisection in log T; Z by Simpson quadrature on 4000 panels.
 */
public record BoltzmannFit(double temperature, double lo95, double hi95, double logLikelihood, int samples) {
    private static final int PANELS = 4000;
    private static final double CHI2_1_95 = 3.841458820694124;

    public static BoltzmannFit of(DoubleUnaryOperator f, double[] x, double lo, double hi) {
        if (x.length < 2) {
            throw new IllegalArgumentException("need at least 2 samples to fit a temperature, found " + x.length);
        }
        double meanF = 0;
        for (double v : x) {
            if (v < lo || v > hi) {
                throw new IllegalArgumentException("sample " + v + " outside the fitting range [" + lo + ", " + hi
                        + "]");
            }
            meanF += f.applyAsDouble(v);
        }
        meanF /= x.length;
        double fMin = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= PANELS; i++) {
            fMin = Math.min(fMin, f.applyAsDouble(lo + (hi - lo) * i / PANELS));
        }
        double target = meanF;
        double minF = fMin;
        double a = Math.log(1e-8);
        double b = Math.log(1e8);
        for (int it = 0; it < 200; it++) {
            double m = 0.5 * (a + b);
            if (meanEnergy(f, Math.exp(m), lo, hi, minF) < target) {
                a = m;
            } else {
                b = m;
            }
        }
        double t = Math.exp(0.5 * (a + b));
        double best = logLikelihood(f, t, x, lo, hi, minF, meanF);
        double lower = profileBound(f, x, lo, hi, minF, meanF, best, t, -1);
        double upper = profileBound(f, x, lo, hi, minF, meanF, best, t, +1);
        return new BoltzmannFit(t, lower, upper, best, x.length);
    }

    private static double profileBound(DoubleUnaryOperator f, double[] x, double lo, double hi, double minF,
                                       double meanF, double best, double t, int dir) {
        double inside = Math.log(t);
        double step = 0.01;
        double outside = inside + dir * step;
        while (2 * (best - logLikelihood(f, Math.exp(outside), x, lo, hi, minF, meanF)) < CHI2_1_95) {
            step *= 2;
            outside = inside + dir * step;
            if (step > 40) {
                return dir < 0 ? 0 : Double.POSITIVE_INFINITY;
            }
        }
        for (int it = 0; it < 100; it++) {
            double m = 0.5 * (inside + outside);
            if (2 * (best - logLikelihood(f, Math.exp(m), x, lo, hi, minF, meanF)) < CHI2_1_95) {
                inside = m;
            } else {
                outside = m;
            }
        }
        return Math.exp(0.5 * (inside + outside));
    }

    static double logLikelihood(DoubleUnaryOperator f, double t, double[] x, double lo, double hi, double minF,
                                double meanF) {
        double z = integrate(v -> Math.exp(-(f.applyAsDouble(v) - minF) / t), lo, hi);
        return x.length * (-(meanF - minF) / t - Math.log(z));
    }

    static double meanEnergy(DoubleUnaryOperator f, double t, double lo, double hi, double minF) {
        double z = integrate(v -> Math.exp(-(f.applyAsDouble(v) - minF) / t), lo, hi);
        return integrate(v -> f.applyAsDouble(v) * Math.exp(-(f.applyAsDouble(v) - minF) / t), lo, hi) / z;
    }

    /** The normalised Boltzmann density exp(-f(v)/t) / Z on [lo, hi] (Z by the same quadrature as the fit). */
    public static DoubleUnaryOperator density(DoubleUnaryOperator f, double t, double lo, double hi) {
        double minF = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= PANELS; i++) {
            minF = Math.min(minF, f.applyAsDouble(lo + (hi - lo) * i / PANELS));
        }
        double m = minF;
        double z = integrate(u -> Math.exp(-(f.applyAsDouble(u) - m) / t), lo, hi);
        return v -> v < lo || v > hi ? 0 : Math.exp(-(f.applyAsDouble(v) - m) / t) / z;
    }

    /** CDF of the fitted law at v (for goodness-of-fit tests). */
    public static double cdf(DoubleUnaryOperator f, double t, double lo, double hi, double v) {
        double minF = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= 400; i++) {
            minF = Math.min(minF, f.applyAsDouble(lo + (hi - lo) * i / 400));
        }
        double m = minF;
        double z = integrate(u -> Math.exp(-(f.applyAsDouble(u) - m) / t), lo, hi);
        return integrate(u -> Math.exp(-(f.applyAsDouble(u) - m) / t), lo, Math.min(hi, Math.max(lo, v))) / z;
    }

    static double integrate(DoubleUnaryOperator g, double a, double b) {
        if (b <= a) {
            return 0;
        }
        int n = PANELS;
        double h = (b - a) / n;
        double s = g.applyAsDouble(a) + g.applyAsDouble(b);
        for (int i = 1; i < n; i++) {
            s += g.applyAsDouble(a + i * h) * (i % 2 == 1 ? 4 : 2);
        }
        return s * h / 3;
    }
}
