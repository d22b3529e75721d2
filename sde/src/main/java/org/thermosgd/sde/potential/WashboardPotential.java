package org.thermosgd.sde.potential;

/**
 * Tilted washboard in one dimension, f(x) = A (1 - cos(2 pi x / L)) - F x: a periodic potential of amplitude A
 * (barrier height 2A) and period L, tilted by a constant force F. Its gradient is L-periodic; with F = 0 the
 * potential itself is, and on a periodic domain of length L the stationary law is Boltzmann exp(-f/T). With F != 0
 * the stationary state carries a constant probability current (a non-equilibrium steady state).
 */
public final class WashboardPotential implements Potential {
    private final double amplitude;
    private final double period;
    private final double tilt;

    private WashboardPotential(double amplitude, double period, double tilt) {
        this.amplitude = amplitude;
        this.period = period;
        this.tilt = tilt;
    }

    public static WashboardPotential of(double amplitude, double period, double tilt) {
        if (!(amplitude >= 0) || !Double.isFinite(amplitude)) {
            throw new IllegalArgumentException("amplitude " + amplitude + " must be finite and >= 0");
        }
        if (!(period > 0) || !Double.isFinite(period)) {
            throw new IllegalArgumentException("period " + period + " must be finite and positive");
        }
        if (!Double.isFinite(tilt)) {
            throw new IllegalArgumentException("tilt " + tilt + " must be finite");
        }
        return new WashboardPotential(amplitude, period, tilt);
    }

    public double amplitude() {
        return amplitude;
    }

    public double period() {
        return period;
    }

    public double tilt() {
        return tilt;
    }

    @Override
    public int dimension() {
        return 1;
    }

    @Override
    public double value(double[] x) {
        return amplitude * (1 - Math.cos(2 * Math.PI * x[0] / period)) - tilt * x[0];
    }

    @Override
    public void gradient(double[] x, double[] out) {
        double k = 2 * Math.PI / period;
        out[0] = amplitude * k * Math.sin(k * x[0]) - tilt;
    }
}
