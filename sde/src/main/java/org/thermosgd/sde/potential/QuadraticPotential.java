package org.thermosgd.sde.potential;

import org.thermosgd.sde.linalg.Matrices;

/** f(x) = (1/2) (x - m)^T H (x - m) with H symmetric positive definite; m is the minimiser. */
public final class QuadraticPotential implements Potential {
    private final double[][] hessian;
    private final double[] minimiser;
    private final double[] diagonal;
    private final int n;

    private QuadraticPotential(double[][] hessian, double[] minimiser) {
        this.n = minimiser.length;
        this.hessian = hessian;
        this.minimiser = minimiser;
        this.diagonal = Matrices.isDiagonal(hessian) ? Matrices.diagonal(hessian) : null;
    }

    /** @throws IllegalArgumentException if {@code hessian} is not square, symmetric and positive definite */
    public static QuadraticPotential of(double[][] hessian, double[] minimiser) {
        Matrices.requireSymmetricPositiveDefinite("hessian", hessian);
        if (minimiser.length != hessian.length) {
            throw new IllegalArgumentException("minimiser has length " + minimiser.length + ", hessian is "
                    + hessian.length + "x" + hessian.length);
        }
        return new QuadraticPotential(Matrices.copy(hessian), minimiser.clone());
    }

    public static QuadraticPotential of(double[][] hessian) {
        return of(hessian, new double[hessian.length]);
    }

    /** Diagonal Hessian diag(h) with minimiser 0. */
    public static QuadraticPotential diagonal(double... h) {
        return of(Matrices.diag(h));
    }

    @Override
    public int dimension() {
        return n;
    }

    public double[][] hessian() {
        return Matrices.copy(hessian);
    }

    public double[] minimiser() {
        return minimiser.clone();
    }

    /** The diagonal of a diagonal Hessian; {@code null} when H is not diagonal. */
    public double[] curvatures() {
        return diagonal == null ? null : diagonal.clone();
    }

    public boolean isDiagonal() {
        return diagonal != null;
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        if (diagonal != null) {
            for (int i = 0; i < n; i++) {
                double di = x[i] - minimiser[i];
                s += diagonal[i] * di * di;
            }
            return 0.5 * s;
        }
        for (int i = 0; i < n; i++) {
            double di = x[i] - minimiser[i];
            double hi = 0;
            for (int j = 0; j < n; j++) {
                hi += hessian[i][j] * (x[j] - minimiser[j]);
            }
            s += di * hi;
        }
        return 0.5 * s;
    }

    @Override
    public void gradient(double[] x, double[] out) {
        if (diagonal != null) {
            for (int i = 0; i < n; i++) {
                out[i] = diagonal[i] * (x[i] - minimiser[i]);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            double[] row = hessian[i];
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += row[j] * (x[j] - minimiser[j]);
            }
            out[i] = s;
        }
    }
}
