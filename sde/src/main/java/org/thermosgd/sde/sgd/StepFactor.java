package org.thermosgd.sde.sgd;

import org.apache.commons.rng.UniformRandomProvider;
import org.thermosgd.run.MemoryBudget;

/**
 * The learning-rate factor s_t multiplying lr at step t (t = 0, 1, ...): constant, uniform random (one draw per
 * step shared by all coordinates), cosine s_t = 1 + cos(pi t / P) with P in steps, or any periodic sequence (a
 * training protocol's factors over one period). The law's moments E[s], E[s^2] and autocorrelation are what every
 * prediction about a run uses; a training protocol gives its law ({@code LearningRateProtocol.law}).
 */
public sealed interface StepFactor {
    /** E[s] (period average for the cosine). */
    double mean();

    /** E[s^2] (period average for the cosine). */
    double meanSquare();

    /** The factor at step t; random laws draw from {@code rng}. */
    double sample(long t, UniformRandomProvider rng);

    /** Length of the period of the law in steps (1 for stationary laws). */
    default int periodSteps() {
        return 1;
    }

    /** The largest factor the law takes (the supremum of its support; over one period for deterministic laws). */
    default double largest() {
        if (this instanceof Deterministic) {
            double m = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < periodSteps(); t++) {
                m = Math.max(m, deterministic(t));
            }
            return m;
        }
        if (this instanceof Uniform u) {
            return u.high();
        }
        return ((Constant) this).value();
    }

    /** The factor at step t of a deterministic law; NaN for a random one. */
    double deterministic(long t);

    /** Average over t of E[s_t s_{t+j}]. */
    default double autocorrelation(int j) {
        if (this instanceof Deterministic d) {
            return periodicAutocorrelation(d.onePeriod(), j);
        }
        return j == 0 ? meanSquare() : mean() * mean();
    }

    /** (1/P) sum_t s_t s_{t+j} for the P values of one period (indices modulo P). */
    static double periodicAutocorrelation(double[] values, int j) {
        int p = values.length;
        int shift = Math.floorMod(j, p);
        double sum = 0;
        for (int t = 0; t < p; t++) {
            int u = t + shift;
            sum += values[t] * values[u < p ? u : u - p];
        }
        return sum / p;
    }

    /** A deterministic law repeating every {@link #periodSteps()} steps: its moments are averages over one period. */
    sealed interface Deterministic extends StepFactor {
        /** The factors of one period, s_0 .. s_{P-1}. */
        default double[] onePeriod() {
            MemoryBudget.requireHeap(String.format("one period of factors (%,d steps)", periodSteps()),
                    8.0 * periodSteps());
            double[] v = new double[periodSteps()];
            for (int t = 0; t < v.length; t++) {
                v[t] = deterministic(t);
            }
            return v;
        }

        @Override
        default double mean() {
            double s = 0;
            for (int t = 0; t < periodSteps(); t++) {
                s += deterministic(t);
            }
            return s / periodSteps();
        }

        @Override
        default double meanSquare() {
            return autocorrelation(0);
        }

        @Override
        default double sample(long t, UniformRandomProvider rng) {
            return deterministic(t);
        }
    }

    record Constant(double value) implements StepFactor {
        public Constant {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("factor.value " + value + " must be positive and finite");
            }
        }

        @Override
        public double mean() {
            return value;
        }

        @Override
        public double meanSquare() {
            return value * value;
        }

        @Override
        public double sample(long t, UniformRandomProvider rng) {
            return value;
        }

        @Override
        public double deterministic(long t) {
            return value;
        }
    }

    /** s ~ Uniform[low, high], independent across steps. */
    record Uniform(double low, double high) implements StepFactor {
        public Uniform {
            if (!(low >= 0) || !(high > low) || !Double.isFinite(high)) {
                throw new IllegalArgumentException("factor uniform [low, high] = [" + low + ", " + high
                        + "] must satisfy 0 <= low < high");
            }
        }

        @Override
        public double mean() {
            return 0.5 * (low + high);
        }

        @Override
        public double meanSquare() {
            return (low * low + low * high + high * high) / 3.0;
        }

        @Override
        public double sample(long t, UniformRandomProvider rng) {
            return quantile(rng.nextDouble());
        }

        /** The factor at uniform deviate u in [0, 1): low + (high - low) u. */
        public double quantile(double u) {
            return low + (high - low) * u;
        }

        @Override
        public double deterministic(long t) {
            return Double.NaN;
        }
    }

    /** s_t = 1 + cos(pi t / P): period 2P steps, mean 1, mean square 3/2 (for P >= 2). */
    record Cosine(int halfPeriodSteps) implements Deterministic {
        /** The longest half period whose period 2P is still an int number of steps. */
        public static final int MAX_HALF_PERIOD = Integer.MAX_VALUE / 2;

        public Cosine {
            if (halfPeriodSteps < 1 || halfPeriodSteps > MAX_HALF_PERIOD) {
                throw new IllegalArgumentException("factor.halfPeriodSteps " + halfPeriodSteps + " must be in [1, "
                        + MAX_HALF_PERIOD + "]");
            }
        }

        @Override
        public int periodSteps() {
            return 2 * halfPeriodSteps;
        }

        @Override
        public double deterministic(long t) {
            return at(t % periodSteps(), halfPeriodSteps);
        }

        /** 1 + cos(pi tau / halfPeriod): the cosine factor at phase tau, in whatever unit the half period has. */
        public static double at(double tau, double halfPeriod) {
            return 1 + Math.cos(Math.PI * tau / halfPeriod);
        }
    }

    /** A deterministic sequence repeated with period {@code values.length} steps: s_t = values[t mod period]. */
    record Periodic(double[] values) implements Deterministic {
        public Periodic {
            if (values.length == 0) {
                throw new IllegalArgumentException("periodic factor needs at least one value");
            }
            for (double v : values) {
                if (!(v >= 0) || !Double.isFinite(v)) {
                    throw new IllegalArgumentException("periodic factor value " + v + " must be finite and >= 0");
                }
            }
            values = values.clone();
        }

        @Override
        public int periodSteps() {
            return values.length;
        }

        @Override
        public double deterministic(long t) {
            return values[(int) (t % values.length)];
        }

        /** A copy of the factors of one period. */
        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Periodic p && java.util.Arrays.equals(values, p.values);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Periodic[period=" + values.length + " steps, mean=" + mean() + "]";
        }
    }
}
