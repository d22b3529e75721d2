package org.thermosgd.sde.observable;

/**
 * Integrated autocorrelation time tau = 1 + 2 sum_{t>=1} rho(t), in steps, with Sokal's self-consistent window
 * (stop at the first W with W >= c tau(W), c = 5). The effective sample size of a series of N is N / tau.
 */
public final class AutocorrelationTime {
    public static final double SOKAL_C = 5.0;

    private AutocorrelationTime() {
    }

    public static double integrated(double[] series) {
        int n = series.length;
        if (n < 4) {
            throw new IllegalArgumentException("series of length " + n + " is too short (need >= 4)");
        }
        double mean = 0;
        for (double v : series) {
            mean += v;
        }
        mean /= n;
        double c0 = 0;
        for (double v : series) {
            c0 += (v - mean) * (v - mean);
        }
        c0 /= n;
        if (c0 == 0) {
            return 1.0;
        }
        double tau = 1.0;
        for (int lag = 1; lag < n / 2; lag++) {
            double c = 0;
            for (int i = 0; i + lag < n; i++) {
                c += (series[i] - mean) * (series[i + lag] - mean);
            }
            tau += 2 * (c / n) / c0;
            if (lag >= SOKAL_C * tau) {
                break;
            }
        }
        return Math.max(tau, 1e-12);
    }
}
