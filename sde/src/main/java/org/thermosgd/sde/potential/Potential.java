package org.thermosgd.sde.potential;

/**
 * A differentiable potential (loss) f: R^n -> R. Implementations read only {@code x[0..n)} and write only
 * {@code out[0..n)} (the arrays may be longer, e.g. a phase-space state (x, v)) and must not allocate.
 */
public interface Potential {
    int dimension();

    double value(double[] x);

    /** Writes grad f(x) into {@code out} (length {@link #dimension()}). */
    void gradient(double[] x, double[] out);
}
