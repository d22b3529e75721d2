package org.thermosgd.sde.potential;

/**
 * Separable double well f(x) = sum_i barrier * ((x_i / a)^2 - 1)^2: minima at x_i = +-a, barrier height
 * {@code barrier} at x_i = 0, curvature 8 barrier / a^2 at each minimum.
 */
public final class DoubleWellPotential implements Potential {
    private final int n;
    private final double barrier;
    private final double a;

    private DoubleWellPotential(int n, double barrier, double a) {
        this.n = n;
        this.barrier = barrier;
        this.a = a;
    }

    public static DoubleWellPotential of(int dimension, double barrier, double a) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension " + dimension + " must be positive");
        }
        if (!(barrier > 0) || !(a > 0)) {
            throw new IllegalArgumentException("barrier " + barrier + " and well position " + a
                    + " must be positive");
        }
        return new DoubleWellPotential(dimension, barrier, a);
    }

    @Override
    public int dimension() {
        return n;
    }

    public double barrier() {
        return barrier;
    }

    public double wellPosition() {
        return a;
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double u = x[i] * x[i] / (a * a) - 1;
            s += barrier * u * u;
        }
        return s;
    }

    @Override
    public void gradient(double[] x, double[] out) {
        double c = 4 * barrier / (a * a);
        for (int i = 0; i < n; i++) {
            out[i] = c * x[i] * (x[i] * x[i] / (a * a) - 1);
        }
    }
}
