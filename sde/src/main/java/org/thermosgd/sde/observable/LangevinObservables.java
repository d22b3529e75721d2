package org.thermosgd.sde.observable;

import org.thermosgd.sde.potential.Potential;

/**
 * Time averages along one underdamped-Langevin path with state y = (x, v), unit mass:
 * E[x_i^2], E[v_i^2], the kinetic temperature (1/n) sum_i E[v_i^2], the configurational temperature
 * (1/n) E[x . grad f(x)] (equal to T for exp(-f/T) when f grows at infinity) and E[f].
 * The configurational estimate uses k f when the force is scaled by k.
 */
public final class LangevinObservables {
    private final Potential potential;
    private final double forceScale;
    private final int n;
    private final double[] sumX2;
    private final double[] sumV2;
    private final double[] grad;
    private double sumVirial;
    private double sumF;
    private long count;

    public LangevinObservables(Potential potential, double forceScale) {
        this.potential = potential;
        this.forceScale = forceScale;
        this.n = potential.dimension();
        this.sumX2 = new double[n];
        this.sumV2 = new double[n];
        this.grad = new double[n];
    }

    /** Adds the state y = (x, v); returns f(x) for callers that record a series. */
    public double add(double[] y) {
        potential.gradient(y, grad);
        double virial = 0;
        for (int i = 0; i < n; i++) {
            double x = y[i];
            double v = y[n + i];
            sumX2[i] += x * x;
            sumV2[i] += v * v;
            virial += x * grad[i];
        }
        double f = potential.value(y);
        sumVirial += forceScale * virial;
        sumF += f;
        count++;
        return f;
    }

    public long count() {
        return count;
    }

    public double x2(int i) {
        return sumX2[i] / count;
    }

    public double v2(int i) {
        return sumV2[i] / count;
    }

    public double kineticTemperature() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += sumV2[i];
        }
        return s / count / n;
    }

    public double configurationalTemperature() {
        return sumVirial / count / n;
    }

    public double meanPotential() {
        return sumF / count;
    }
}
