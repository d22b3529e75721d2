package org.thermosgd.fp.solver;

/**
 * A square matrix with kl sub- and ku super-diagonals, stored by rows (entry (i, j) at {@code a[i][j - i + kl]}),
 * with LU factorisation without pivoting: stable for the column diagonally dominant M-matrices that the finite-volume
 * Fokker-Planck operators give (I - dt A, or s I - A with s > 0). Memory O(n (kl + ku)), time O(n kl ku).
 */
public final class BandedMatrix {
    private final int n;
    private final int kl;
    private final int ku;
    private final double[][] a;
    private boolean factored;

    public BandedMatrix(int n, int kl, int ku) {
        if (n < 1 || kl < 0 || ku < 0) {
            throw new IllegalArgumentException("banded matrix of size " + n + " with bands " + kl + ", " + ku);
        }
        this.n = n;
        this.kl = kl;
        this.ku = ku;
        this.a = new double[n][kl + ku + 1];
    }

    public int size() {
        return n;
    }

    public int lowerBandwidth() {
        return kl;
    }

    public int upperBandwidth() {
        return ku;
    }

    public double get(int i, int j) {
        int d = j - i + kl;
        return d < 0 || d > kl + ku ? 0 : a[i][d];
    }

    public void add(int i, int j, double v) {
        int d = j - i + kl;
        if (d < 0 || d > kl + ku) {
            throw new IllegalArgumentException("entry (" + i + ", " + j + ") is outside the band");
        }
        a[i][d] += v;
    }

    /** y = this x (before factorisation). */
    public void multiply(double[] x, double[] y) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            int lo = Math.max(0, i - kl);
            int hi = Math.min(n - 1, i + ku);
            for (int j = lo; j <= hi; j++) {
                s += a[i][j - i + kl] * x[j];
            }
            y[i] = s;
        }
    }

    /** Sum of each column (zero for a probability-conserving generator). */
    public double[] columnSums() {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - kl);
            int hi = Math.min(n - 1, i + ku);
            for (int j = lo; j <= hi; j++) {
                s[j] += a[i][j - i + kl];
            }
        }
        return s;
    }

    /** alpha I + beta this, as a new matrix. */
    public BandedMatrix shifted(double alpha, double beta) {
        BandedMatrix m = new BandedMatrix(n, kl, ku);
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < kl + ku + 1; d++) {
                m.a[i][d] = beta * a[i][d];
            }
            m.a[i][kl] += alpha;
        }
        return m;
    }

    /** In-place LU (L unit lower, stored below the diagonal). */
    public BandedMatrix factor() {
        if (factored) {
            return this;
        }
        for (int k = 0; k < n; k++) {
            double pivot = a[k][kl];
            if (pivot == 0 || !Double.isFinite(pivot)) {
                throw new ArithmeticException("zero pivot at row " + k + " in banded LU");
            }
            int iMax = Math.min(n - 1, k + kl);
            int jMax = Math.min(n - 1, k + ku);
            for (int i = k + 1; i <= iMax; i++) {
                double l = a[i][k - i + kl] / pivot;
                if (l == 0) {
                    continue;
                }
                a[i][k - i + kl] = l;
                double[] ri = a[i];
                double[] rk = a[k];
                int offI = kl - i;
                int offK = kl - k;
                for (int j = k + 1; j <= jMax; j++) {
                    ri[j + offI] -= l * rk[j + offK];
                }
            }
        }
        factored = true;
        return this;
    }

    /** Solves this x = b in place (factorises first if needed). */
    public void solve(double[] b) {
        factor();
        for (int i = 0; i < n; i++) {
            double s = b[i];
            int lo = Math.max(0, i - kl);
            for (int j = lo; j < i; j++) {
                s -= a[i][j - i + kl] * b[j];
            }
            b[i] = s;
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            int hi = Math.min(n - 1, i + ku);
            for (int j = i + 1; j <= hi; j++) {
                s -= a[i][j - i + kl] * b[j];
            }
            b[i] = s / a[i][kl];
        }
    }
}
