package org.thermosgd.sde.sgd;

import org.thermosgd.sde.lyapunov.Lyapunov;

/**
 * The small-learning-rate limit of the exact stationary moments (derivation in docs/theory.md). With m1 = E[s] and
 * Q the mini-batch noise covariance at the minimiser, every form has drift -lr m1 H x / (1 - mu) per step and a
 * noise of long-run variance lr^2 kappa Q per step, so
 * <pre>
 *   H Sxx + Sxx H = lr kappa (1 - mu) Q / m1,      (diagonal H: x2_i = lr kappa (1 - mu) Q_ii / (2 m1 h_i))
 *   kappa = E[s^2] / (1 - mu)^2                                           (paper, paper-nesterov)
 *   kappa = sum_j rho_s(j) r_w(j)                                         (torch, torch-nesterov)
 * </pre>
 * where rho_s(j) = avg_t E[s_t s_{t+j}] and r_w the autocovariance of the buffer filter w (torch: w_i = mu^i;
 * torch-nesterov: w_0 = 1 + mu, w_i = mu^(i+1)). Velocity: v2 = E[s^2] Q_ii / (1 - mu^2) (paper forms),
 * buffer: b2 = Q_ii / (1 - mu^2) (torch forms).
 */
public final class LeadingOrder {
    private LeadingOrder() {
    }

    /** kappa: the long-run variance per step of the x-increment noise, in units of lr^2 Q. */
    public static double kappa(UpdateForm form, StepFactor factor, double mu) {
        if (!form.isTorch()) {
            return factor.meanSquare() / ((1 - mu) * (1 - mu));
        }
        // a deterministic law's period is sampled once (the series needs hundreds of lags of periods up to 10^6)
        double[] period = factor instanceof StepFactor.Deterministic d ? d.onePeriod() : null;
        java.util.function.IntToDoubleFunction autocorrelation = j -> period == null ? factor.autocorrelation(j)
                : StepFactor.periodicAutocorrelation(period, j);
        double sum = autocorrelation.applyAsDouble(0) * filterAutocovariance(form, mu, 0);
        for (int j = 1; ; j++) {
            double r = filterAutocovariance(form, mu, j);
            sum += 2 * autocorrelation.applyAsDouble(j) * r;
            if (Math.abs(r) < 1e-18 * Math.abs(sum)) {
                break;
            }
            if (j > 10_000_000) {
                throw new IllegalStateException("kappa series did not converge for mu = " + mu);
            }
        }
        return sum;
    }

    /**
     * The leading-order temperature for isotropic noise of per-coordinate variance D per sample (Q = D / C):
     * T = lr kappa (1 - mu) D / (2 E[s] C), in loss units; T = h E[x^2] along a curvature h.
     */
    public static double temperature(UpdateForm form, StepFactor factor, double mu, double lr, double d, double batch) {
        return lr * kappa(form, factor, mu) * (1 - mu) * d / (2 * factor.mean() * batch);
    }

    /**
     * Leading-order E[|V|^2] / n of the parameter velocity V = -s b' (dt = lr) in the torch form: the buffer is an
     * AR(1)
     * filter of the gradient, so E[s^2] ((D / C) r_w(0) + |mean g|^2 / (n (1 - mu)^2)), with D the per-coordinate
     * noise variance per sample and |mean g|^2 the squared norm of the mean gradient over n coordinates.
     */
    public static double torchVelocitySquare(StepFactor factor, double mu, double d, double batch,
                                             double meanGradientNormSq, long n) {
        return factor.meanSquare() * ((d / batch) * filterAutocovariance(UpdateForm.TORCH, mu, 0)
                + Math.max(0, meanGradientNormSq) / (n * (1 - mu) * (1 - mu)));
    }

    /** r_w(j) = sum_i w_i w_{i+j} for the buffer filter of a torch form. */
    public static double filterAutocovariance(UpdateForm form, double mu, int j) {
        double geo = 1 / (1 - mu * mu);
        if (form == UpdateForm.TORCH) {
            return Math.pow(mu, j) * geo;
        }
        if (j == 0) {
            return (1 + mu) * (1 + mu) + Math.pow(mu, 4) * geo;
        }
        return (1 + mu) * Math.pow(mu, j + 1) + Math.pow(mu, j + 4) * geo;
    }

    public static SecondMoments solve(SgdProblem p) {
        double mu = p.momentum();
        StepFactor f = p.factor();
        double[][] q = p.noise().batchCovariance();
        double scale = p.lr() * kappa(p.form(), f, mu) * (1 - mu) / f.mean();
        int n = p.dimension();
        double[][] h = p.hessian();
        double[][] rhs = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rhs[i][j] = scale * q[i][j];
            }
        }
        double[][] sxx = Lyapunov.symmetricContinuous(h, rhs);
        double vScale = (p.form().isTorch() ? 1 : f.meanSquare()) / (1 - mu * mu);
        double[][] svv = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                svv[i][j] = vScale * q[i][j];
            }
        }
        return new SecondMoments(sxx, svv, new double[n][n]);
    }
}
