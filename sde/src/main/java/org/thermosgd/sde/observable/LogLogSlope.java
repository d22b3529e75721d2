package org.thermosgd.sde.observable;

/** Least-squares slope of log y against log x: the fitted order of a power law y ~ x^p (convergence orders). */
public final class LogLogSlope {
    private LogLogSlope() {
    }

    public static double of(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("need at least 2 (x, y) pairs of equal length, found " + x.length
                    + " and " + y.length);
        }
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(x[i]) / n;
            my += Math.log(y[i]) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (Math.log(x[i]) - mx) * (Math.log(y[i]) - my);
            sxx += (Math.log(x[i]) - mx) * (Math.log(x[i]) - mx);
        }
        return sxy / sxx;
    }
}
