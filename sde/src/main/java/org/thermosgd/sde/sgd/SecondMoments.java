package org.thermosgd.sde.sgd;

/**
 * Stationary second moments of momentum SGD, positions measured from the minimiser: E[x x^T], E[v v^T] and
 * E[x v^T] (v is the velocity in the paper forms and the momentum buffer b in the torch forms). For a periodic step
 * factor they are averages over one period of the periodic steady state, taken after each step.
 */
public record SecondMoments(double[][] sxx, double[][] svv, double[][] sxv) {
    public double[] x2() {
        return diagonal(sxx);
    }

    public double[] v2() {
        return diagonal(svv);
    }

    private static double[] diagonal(double[][] m) {
        double[] d = new double[m.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = m[i][i];
        }
        return d;
    }

    /** Splits a 2n x 2n matrix ordered (x_1..x_n, v_1..v_n). */
    static SecondMoments ofPhaseSpace(double[][] s) {
        int n = s.length / 2;
        double[][] xx = new double[n][n];
        double[][] vv = new double[n][n];
        double[][] xv = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                xx[i][j] = s[i][j];
                vv[i][j] = s[n + i][n + j];
                xv[i][j] = s[i][n + j];
            }
        }
        return new SecondMoments(xx, vv, xv);
    }
}
