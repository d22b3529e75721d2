package org.thermosgd.fp.equilibrium;

import org.thermosgd.sde.observable.AcrossPaths;
import org.thermosgd.sde.potential.Potential;

/**
 * Temperatures from samples of a state (x, v), unit mass, each with a standard error treating samples as independent
 * (pass thinned or path-averaged samples): kinetic T = (1/n) sum_i E[v_i^2]; configurational T = (1/n) E[x . grad f],
 * which equals T for exp(-f/T) by integration by parts.
 */
public record TemperatureEstimates(double kinetic, double kineticSe, double configurational, double configurationalSe) {
    public static TemperatureEstimates of(double[][] x, double[][] v, Potential f) {
        int m = x.length;
        if (m < 2 || (v != null && v.length != m)) {
            throw new IllegalArgumentException("need >= 2 samples of x (and as many of v), found " + m);
        }
        int n = f.dimension();
        double[] kin = new double[m];
        double[] conf = new double[m];
        double[] g = new double[n];
        for (int s = 0; s < m; s++) {
            f.gradient(x[s], g);
            double c = 0;
            double k = 0;
            for (int i = 0; i < n; i++) {
                c += x[s][i] * g[i];
                if (v != null) {
                    k += v[s][i] * v[s][i];
                }
            }
            conf[s] = c / n;
            kin[s] = k / n;
        }
        AcrossPaths kk = AcrossPaths.of(kin);
        AcrossPaths cc = AcrossPaths.of(conf);
        return new TemperatureEstimates(v == null ? Double.NaN : kk.mean(), v == null ? Double.NaN
                : kk.standardError(), cc.mean(), cc.standardError());
    }
}
