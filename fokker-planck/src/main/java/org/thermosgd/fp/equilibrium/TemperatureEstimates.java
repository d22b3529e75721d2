package org.thermosgd.fp.equilibrium;

import org.thermosgd.sde.observable.AcrossPaths;
import org.thermosgd.sde.observable.LangevinObservables;
import org.thermosgd.sde.potential.Potential;

/**
 * Temperatures from samples of a state (x, v), unit mass, each with a standard error treating samples as independent
 * (pass thinned or path-averaged samples): kinetic T = (1/n) sum_i E[v_i^2]; configurational T = (1/n) E[x . grad f],
 * which equals T for exp(-f/T) by integration by parts. Each sample's values come from {@link LangevinObservables},
 * the one home of these estimators.
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
        double[] y = new double[2 * n];
        for (int s = 0; s < m; s++) {
            System.arraycopy(x[s], 0, y, 0, n);
            if (v != null) {
                System.arraycopy(v[s], 0, y, n, n);
            }
            LangevinObservables one = new LangevinObservables(f, 1.0);
            one.add(y);
            conf[s] = one.configurationalTemperature();
            kin[s] = one.kineticTemperature();
        }
        AcrossPaths kk = AcrossPaths.of(kin);
        AcrossPaths cc = AcrossPaths.of(conf);
        return new TemperatureEstimates(v == null ? Double.NaN : kk.mean(), v == null ? Double.NaN
                : kk.standardError(), cc.mean(), cc.standardError());
    }
}
