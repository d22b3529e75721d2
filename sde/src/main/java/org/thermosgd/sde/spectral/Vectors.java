package org.thermosgd.sde.spectral;

import org.apache.commons.rng.UniformRandomProvider;

/** The few vector operations the spectral methods need. */
final class Vectors {
    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    static void scale(double alpha, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= alpha;
        }
    }

    /** Entries +1 or -1 with probability 1/2 (Rademacher). */
    static double[] rademacher(UniformRandomProvider rng, int n) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = rng.nextBoolean() ? 1 : -1;
        }
        return z;
    }
}
