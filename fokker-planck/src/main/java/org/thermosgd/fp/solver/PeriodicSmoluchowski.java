package org.thermosgd.fp.solver;

import org.thermosgd.sde.potential.Potential;

/**
 * The exact stationary state of dX = -f'(X) dt + sqrt(2T) dW on a circle of length L, for a potential whose
 * gradient is L-periodic, f(x + L) = f(x) - F L (a tilted periodic potential). Stratonovich's formula: with
 * K(x) = int_0^L exp((f(x + s) - f(x)) / T) ds, the density is p(x) = J K(x) / (T (1 - exp(-F L / T))) and the
 * constant probability current J (probability per unit time, positive towards +x) follows from int_0^L p = 1.
 * For F = 0 it is the Boltzmann density and J = 0. Integrals by composite Simpson rules on {@code points} nodes.
 */
public final class PeriodicSmoluchowski {
    private final Potential f;
    private final double temperature;
    private final double lo;
    private final double period;
    private final double tilt;
    private final int points;
    private final double norm;
    private final double current;

    private PeriodicSmoluchowski(Potential f, double temperature, double lo, double period, int points) {
        this.f = f;
        this.temperature = temperature;
        this.lo = lo;
        this.period = period;
        this.points = points;
        double[] x = {lo};
        double f0 = f.value(x);
        x[0] = lo + period;
        this.tilt = (f0 - f.value(x)) / period;
        // p(x) = c K(x) with c fixed by normalisation; J = c T (1 - exp(-F L / T))
        double z = 0;
        int m = points;
        for (int i = 0; i < m; i++) {
            z += kernel(lo + i * period / m);
        }
        z *= period / m;
        this.norm = 1 / z;
        this.current = norm * temperature * -Math.expm1(-tilt * period / temperature);
    }

    /** The exact steady state on [lo, lo + period) for a tilted periodic potential at temperature T. */
    public static PeriodicSmoluchowski of(Potential f, double temperature, double lo, double period, int points) {
        if (f.dimension() != 1) {
            throw new IllegalArgumentException("potential has dimension " + f.dimension() + ", expected 1");
        }
        if (!(temperature > 0) || !(period > 0)) {
            throw new IllegalArgumentException("temperature " + temperature + " and period " + period
                    + " must be positive");
        }
        if (points < 16 || points % 2 != 0) {
            throw new IllegalArgumentException("points " + points + " must be even and >= 16");
        }
        return new PeriodicSmoluchowski(f, temperature, lo, period, points);
    }

    /** K(x) = int_0^L exp((f(x + s) - f(x)) / T) ds by Simpson's rule. */
    private double kernel(double x) {
        double[] y = {x};
        double fx = f.value(y);
        double h = period / points;
        double s = 0;
        for (int i = 0; i <= points; i++) {
            y[0] = x + i * h;
            double w = i == 0 || i == points ? 1 : i % 2 == 1 ? 4 : 2;
            s += w * Math.exp((f.value(y) - fx) / temperature);
        }
        return s * h / 3;
    }

    /** The stationary density at x (1/length, integrating to 1 over one period). */
    public double density(double x) {
        return norm * kernel(x);
    }

    /** The stationary probability current (probability per unit time, positive towards +x). */
    public double current() {
        return current;
    }

    /** The tilt F = (f(lo) - f(lo + L)) / L (force units). */
    public double tilt() {
        return tilt;
    }
}
