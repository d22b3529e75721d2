package org.thermosgd.sde.problem;

/**
 * An Ito SDE dY = f(t, Y) dt + G(t, Y) dW with Y in R^d and W a standard Brownian motion in R^m. A problem only
 * describes the terms; integrators live apart and must not allocate per step.
 */
public interface SdeProblem {
    /** How G depends on the state; decides the strong order Euler-Maruyama attains. */
    enum NoiseType {
        /** G does not depend on Y (strong order 1 for Euler-Maruyama). */
        ADDITIVE,
        /** m = d and G = diag(g_i(t, Y)) (strong order 1/2 for Euler-Maruyama). */
        DIAGONAL
    }

    int dimension();

    int noiseDimension();

    NoiseType noiseType();

    /** Writes f(t, y) into {@code out}. */
    void drift(double t, double[] y, double[] out);

    /** Adds G(t, y) dW to {@code out}. */
    void addDiffusion(double t, double[] y, double[] dW, double[] out);
}
