package org.thermosgd.sde.lyapunov;

import org.thermosgd.sde.linalg.Matrices;
import org.thermosgd.sde.problem.LinearSde;

/** Stationary covariance of a linear SDE, exactly or as sampled by Euler-Maruyama at a step dt. */
public final class LinearStationary {
    private LinearStationary() {
    }

    /** F S + S F^T + B B^T = 0. */
    public static double[][] continuous(LinearSde sde) {
        return Lyapunov.continuous(sde.drift(), sde.noiseCovariance());
    }

    /** S = (I + F dt) S (I + F dt)^T + B B^T dt, the law of the Euler-Maruyama chain. */
    public static double[][] eulerMaruyama(LinearSde sde, double dt) {
        double[][] f = sde.drift();
        double[][] q = sde.noiseCovariance();
        int d = f.length;
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = (i == j ? 1 : 0) + f[i][j] * dt;
                q[i][j] *= dt;
            }
        }
        return Lyapunov.discrete(a, q);
    }

    /** Relaxation time 1 / min |Re lambda(F)| of a stable drift F (units of time). */
    public static double relaxationTime(LinearSde sde) {
        return -1 / Matrices.maxRealEigenvalue(sde.drift());
    }
}
