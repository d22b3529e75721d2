package org.thermosgd.sde.problem;

/**
 * dY_i = f_i(t, Y) dt + g_i(t, Y) dW_i: a general Ito SDE with diagonal (state-dependent) noise, from two vector
 * fields. Geometric Brownian motion is {@code of(n, (t, y, o) -> o[i] = a y[i], (t, y, o) -> o[i] = b y[i])}.
 */
public final class DiagonalNoiseSde implements SdeProblem {
    /** A vector field writing its value at (t, y) into out. */
    @FunctionalInterface
    public interface VectorField {
        void evaluate(double t, double[] y, double[] out);
    }

    private final int n;
    private final VectorField drift;
    private final VectorField diffusion;
    private final ThreadLocal<double[]> scratch;

    private DiagonalNoiseSde(int n, VectorField drift, VectorField diffusion) {
        this.n = n;
        this.drift = drift;
        this.diffusion = diffusion;
        this.scratch = ThreadLocal.withInitial(() -> new double[n]);
    }

    public static DiagonalNoiseSde of(int dimension, VectorField drift, VectorField diffusion) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension " + dimension + " must be positive");
        }
        return new DiagonalNoiseSde(dimension, drift, diffusion);
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public int noiseDimension() {
        return n;
    }

    @Override
    public NoiseType noiseType() {
        return NoiseType.DIAGONAL;
    }

    @Override
    public void drift(double t, double[] y, double[] out) {
        drift.evaluate(t, y, out);
    }

    @Override
    public void addDiffusion(double t, double[] y, double[] dW, double[] out) {
        double[] g = scratch.get();
        diffusion.evaluate(t, y, g);
        for (int i = 0; i < n; i++) {
            out[i] += g[i] * dW[i];
        }
    }
}
