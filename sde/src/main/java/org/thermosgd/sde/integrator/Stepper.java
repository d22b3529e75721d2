package org.thermosgd.sde.integrator;

/** Advances one path by one fixed step, in place, drawing its noise from the path's own stream; no allocation. */
public interface Stepper {
    /** Replaces {@code y} (the state at time t) by the state at time t + dt. */
    void step(double t, double[] y);
}
