package org.thermosgd.fp.equilibrium;

import java.util.Arrays;

/**
 * A density histogram on equal bins. The Freedman-Diaconis rule sets the bin width to 2 IQR N^(-1/3) over the
 * sample range; densities integrate to 1 over the bins.
 */
public record Histogram(double lo, double hi, double[] density, int count, String rule) {
    public int bins() {
        return density.length;
    }

    public double width() {
        return (hi - lo) / density.length;
    }

    public double centre(int b) {
        return lo + (b + 0.5) * width();
    }

    public static Histogram freedmanDiaconis(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        double iqr = quantile(s, 0.75) - quantile(s, 0.25);
        double range = s[s.length - 1] - s[0];
        int bins = iqr > 0 ? (int) Math.ceil(range / (2 * iqr * Math.pow(s.length, -1.0 / 3))) : 1;
        bins = Math.max(1, Math.min(bins, 10_000));
        return of(x, s[0], s[s.length - 1], bins, "Freedman-Diaconis: width 2 IQR N^(-1/3)");
    }

    public static Histogram of(double[] x, double lo, double hi, int bins, String rule) {
        if (x.length == 0 || !(hi > lo) || bins < 1) {
            throw new IllegalArgumentException("histogram of " + x.length + " values on [" + lo + ", " + hi + "] with "
                    + bins + " bins");
        }
        double[] c = new double[bins];
        double w = (hi - lo) / bins;
        int used = 0;
        for (double v : x) {
            if (v < lo || v > hi) {
                continue;
            }
            int b = Math.min(bins - 1, (int) ((v - lo) / w));
            c[b]++;
            used++;
        }
        for (int b = 0; b < bins; b++) {
            c[b] /= x.length * w;
        }
        return new Histogram(lo, hi, c, used, rule);
    }

    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }
}
