package org.thermosgd.sde.observable;

/**
 * The one home of the 95% normal interval every estimate in thermosgd reports: estimate +- {@link #Z95} standard
 * errors, at level {@link #LEVEL}.
 */
public final class Confidence {
    /** Two-sided 95% level. */
    public static final double LEVEL = 0.95;
    /** The 97.5% quantile of the standard normal law as the project has always reported it (1.95996... rounded). */
    public static final double Z95 = 1.96;

    private Confidence() {
    }
}
