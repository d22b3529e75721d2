package org.thermosgd.sde.problem;

import org.thermosgd.sde.potential.Potential;

/**
 * dX = V dt, dV = -gamma V dt - k grad f(X) dt + L dW, with noise covariance S = L L^T per unit time. State
 * y = (x, v) of length 2n. The Boltzmann law exp(-(|v|^2/2 + k f(x)) / T) is stationary when S = 2 gamma T I.
 */
public final class UnderdampedLangevin implements SdeProblem {
    private final Potential potential;
    private final double gamma;
    private final double forceScale;
    private final NoiseRoot noise;
    private final int n;

    private UnderdampedLangevin(Potential potential, double gamma, double forceScale, NoiseRoot noise) {
        this.potential = potential;
        this.gamma = gamma;
        this.forceScale = forceScale;
        this.noise = noise;
        this.n = potential.dimension();
    }

    public static UnderdampedLangevin of(Potential potential, double gamma, double forceScale, NoiseRoot noise) {
        if (!(gamma > 0)) {
            throw new IllegalArgumentException("friction gamma " + gamma + " must be positive");
        }
        if (!(forceScale > 0)) {
            throw new IllegalArgumentException("force scale " + forceScale + " must be positive");
        }
        if (noise.dimension() != potential.dimension()) {
            throw new IllegalArgumentException("noise has dimension " + noise.dimension() + ", potential "
                    + potential.dimension());
        }
        return new UnderdampedLangevin(potential, gamma, forceScale, noise);
    }

    /** Thermostatted at temperature T: noise 2 gamma T I, unit force scale. */
    public static UnderdampedLangevin atTemperature(Potential potential, double gamma, double temperature) {
        return of(potential, gamma, 1.0, NoiseRoot.isotropic(potential.dimension(), 2 * gamma * temperature));
    }

    /**
     * The paper's eqs. (9)-(10) read literally: gamma = (1 - mu) / l, unit force, isotropic noise covariance
     * D / (3 C) per unit time (3 = 1 / E[alpha^2] for alpha ~ U[0, 1]), time measured so that dt = l per SGD step.
     */
    public static UnderdampedLangevin paper(Potential potential, double lr, double momentum, double diffusion,
                                            int batch) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("learning rate l = " + lr + " must be positive");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum " + momentum + " must be in [0, 1)");
        }
        if (batch <= 0) {
            throw new IllegalArgumentException("batch size " + batch + " must be positive");
        }
        return of(potential, (1 - momentum) / lr, 1.0,
                NoiseRoot.isotropic(potential.dimension(), diffusion / (3.0 * batch)));
    }

    /**
     * The continuous model of paper-form momentum SGD with a constant factor and gradient noise of variance q per
     * step and coordinate, time measured so that dt = lr per step: gamma = (1 - mu) / lr, force scale 1 / lr, noise
     * q / lr per unit time (dX = V dt, dV = -gamma V dt - (1/lr) grad f dt + sqrt(q / lr) dW).
     */
    public static UnderdampedLangevin sgdLimit(Potential potential, double lr, double momentum, double q) {
        if (!(lr > 0) || !(momentum >= 0 && momentum < 1) || !(q > 0)) {
            throw new IllegalArgumentException("SGD limit needs lr > 0, 0 <= momentum < 1 and q > 0; found lr " + lr
                    + ", momentum " + momentum + ", q " + q);
        }
        return of(potential, (1 - momentum) / lr, 1 / lr, NoiseRoot.isotropic(potential.dimension(), q / lr));
    }

    /** The temperature of the velocity, noise / (2 gamma), in velocity^2 units (unit mass). */
    public double kineticTemperature() {
        return noise.variance(0) / (2 * gamma);
    }

    public Potential potential() {
        return potential;
    }

    public double gamma() {
        return gamma;
    }

    public double forceScale() {
        return forceScale;
    }

    public NoiseRoot noise() {
        return noise;
    }

    /** Position dimension n (the state has 2n entries). */
    public int positions() {
        return n;
    }

    @Override
    public int dimension() {
        return 2 * n;
    }

    @Override
    public int noiseDimension() {
        return n;
    }

    @Override
    public NoiseType noiseType() {
        return NoiseType.ADDITIVE;
    }

    /** out = (v, -gamma v - k grad f(x)); the gradient is first written into out's lower half. */
    @Override
    public void drift(double t, double[] y, double[] out) {
        potential.gradient(y, out);
        for (int i = 0; i < n; i++) {
            double v = y[n + i];
            out[n + i] = -gamma * v - forceScale * out[i];
            out[i] = v;
        }
    }

    @Override
    public void addDiffusion(double t, double[] y, double[] dW, double[] out) {
        noise.addTo(dW, 1.0, out, n);
    }
}
