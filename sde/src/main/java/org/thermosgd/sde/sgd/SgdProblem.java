package org.thermosgd.sde.sgd;

import org.thermosgd.sde.linalg.Matrices;

/**
 * Momentum SGD on a quadratic loss with minimiser x*: form, momentum mu in [0, 1), learning rate lr > 0, step-factor
 * law, Hessian H and gradient noise. Positions are measured from x*.
 */
public record SgdProblem(UpdateForm form, double momentum, double lr, StepFactor factor, double[][] hessian,
                         GradientNoise noise) {
    public SgdProblem {
        if (form == null || factor == null || noise == null) {
            throw new IllegalArgumentException("form, factor and noise are required");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum " + momentum + " must be in [0, 1)");
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("lr " + lr + " must be positive and finite");
        }
        if (noise instanceof GradientNoise.Regression r) {
            double[][] implied = r.hessian();
            if (hessian == null) {
                hessian = implied;
            } else {
                Matrices.requireSquare("hessian", hessian);
                if (hessian.length != implied.length) {
                    throw new IllegalArgumentException("hessian is " + hessian.length + "x" + hessian.length
                            + " but the features have " + implied.length + " columns");
                }
                for (int i = 0; i < implied.length; i++) {
                    for (int j = 0; j < implied.length; j++) {
                        if (Math.abs(hessian[i][j] - implied[i][j]) > 1e-9 * Math.max(1, Math.abs(implied[i][j]))) {
                            throw new IllegalArgumentException("hessian[" + i + "][" + j + "] = " + hessian[i][j]
                                    + " does not match features^T features / N = " + implied[i][j]
                                    + " (omit hessian for regression noise)");
                        }
                    }
                }
            }
            r.minimiser();
        }
        if (hessian == null) {
            throw new IllegalArgumentException("hessian is required for gaussian noise");
        }
        Matrices.requireSymmetricPositiveDefinite("hessian", hessian);
        if (noise.dimension() != hessian.length) {
            throw new IllegalArgumentException("noise has dimension " + noise.dimension() + " but hessian is "
                    + hessian.length + "x" + hessian.length);
        }
        hessian = Matrices.copy(hessian);
    }

    public int dimension() {
        return hessian.length;
    }

    @Override
    public double[][] hessian() {
        return Matrices.copy(hessian);
    }
}
