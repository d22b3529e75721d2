package org.thermosgd.sde.observable;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Estimates from independent paths: the mean of one number per path and its standard error sd / sqrt(M), which is
 * honest whatever the autocorrelation within a path.
 */
public record AcrossPaths(double mean, double standardError, int paths) {
    public static AcrossPaths of(double[] perPath) {
        int m = perPath.length;
        if (m < 2) {
            throw new IllegalArgumentException("need at least 2 paths for a standard error, found " + m);
        }
        double mean = 0;
        for (double v : perPath) {
            mean += v;
        }
        mean /= m;
        double ss = 0;
        for (double v : perPath) {
            ss += (v - mean) * (v - mean);
        }
        return new AcrossPaths(mean, Math.sqrt(ss / (m - 1) / m), m);
    }

    public static <T> AcrossPaths of(List<T> paths, ToDoubleFunction<T> value) {
        return of(paths.stream().mapToDouble(value).toArray());
    }

    /** (estimate - reference) / standard error. */
    public double zScore(double reference) {
        return (mean - reference) / standardError;
    }
}
