package org.thermosgd.sde.problem;

import org.thermosgd.sde.potential.Potential;

/** dX = -grad f(X) dt + sqrt(2 T) dW, whose stationary law is exp(-f / T). */
public final class OverdampedLangevin implements SdeProblem {
    private final Potential potential;
    private final double temperature;
    private final double sigma;

    private OverdampedLangevin(Potential potential, double temperature) {
        this.potential = potential;
        this.temperature = temperature;
        this.sigma = Math.sqrt(2 * temperature);
    }

    public static OverdampedLangevin of(Potential potential, double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature " + temperature + " must be positive");
        }
        return new OverdampedLangevin(potential, temperature);
    }

    public Potential potential() {
        return potential;
    }

    public double temperature() {
        return temperature;
    }

    @Override
    public int dimension() {
        return potential.dimension();
    }

    @Override
    public int noiseDimension() {
        return potential.dimension();
    }

    @Override
    public NoiseType noiseType() {
        return NoiseType.ADDITIVE;
    }

    @Override
    public void drift(double t, double[] y, double[] out) {
        potential.gradient(y, out);
        for (int i = 0; i < out.length; i++) {
            out[i] = -out[i];
        }
    }

    @Override
    public void addDiffusion(double t, double[] y, double[] dW, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] += sigma * dW[i];
        }
    }
}
