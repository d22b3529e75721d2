package org.thermosgd.sde.problem;

import org.thermosgd.sde.linalg.Matrices;

/** dZ = F Z dt + B dW with constant F (d x d) and B (d x m). */
public final class LinearSde implements SdeProblem {
    private final double[][] f;
    private final double[][] b;
    private final int d;
    private final int m;

    private LinearSde(double[][] f, double[][] b) {
        this.f = f;
        this.b = b;
        this.d = f.length;
        this.m = b[0].length;
    }

    public static LinearSde of(double[][] drift, double[][] diffusion) {
        Matrices.requireSquare("drift", drift);
        if (diffusion == null || diffusion.length != drift.length) {
            throw new IllegalArgumentException("diffusion must have " + drift.length + " rows (one per state"
                    + " coordinate), found " + (diffusion == null ? 0 : diffusion.length));
        }
        int m = diffusion[0] == null ? 0 : diffusion[0].length;
        if (m == 0) {
            throw new IllegalArgumentException("diffusion must have at least one column");
        }
        for (int i = 0; i < diffusion.length; i++) {
            if (diffusion[i] == null || diffusion[i].length != m) {
                throw new IllegalArgumentException("diffusion row " + i + " has "
                        + (diffusion[i] == null ? 0 : diffusion[i].length) + " entries, expected " + m);
            }
            for (double v : diffusion[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("diffusion has a non-finite entry " + v + " in row " + i);
                }
            }
        }
        return new LinearSde(Matrices.copy(drift), Matrices.copy(diffusion));
    }

    public double[][] drift() {
        return Matrices.copy(f);
    }

    public double[][] diffusion() {
        return Matrices.copy(b);
    }

    /** B B^T, the noise covariance per unit time. */
    public double[][] noiseCovariance() {
        return Matrices.multiply(b, Matrices.transpose(b));
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public int noiseDimension() {
        return m;
    }

    @Override
    public NoiseType noiseType() {
        return NoiseType.ADDITIVE;
    }

    @Override
    public void drift(double t, double[] y, double[] out) {
        for (int i = 0; i < d; i++) {
            double s = 0;
            double[] row = f[i];
            for (int j = 0; j < d; j++) {
                s += row[j] * y[j];
            }
            out[i] = s;
        }
    }

    @Override
    public void addDiffusion(double t, double[] y, double[] dW, double[] out) {
        for (int i = 0; i < d; i++) {
            double s = 0;
            double[] row = b[i];
            for (int k = 0; k < m; k++) {
                s += row[k] * dW[k];
            }
            out[i] += s;
        }
    }
}
