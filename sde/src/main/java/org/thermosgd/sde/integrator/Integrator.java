package org.thermosgd.sde.integrator;

import org.apache.commons.rng.UniformRandomProvider;
import org.thermosgd.sde.problem.SdeProblem;

/**
 * A fixed-step scheme for a family of SDE problems, declaring its convergence orders. A scheme is stateless; a
 * {@link Stepper} binds it to one problem, one step size and one path's random stream.
 *
 * @param <P> the problems it applies to
 */
public interface Integrator<P extends SdeProblem> {
    String name();

    /** Strong (pathwise, E|Y_T - y_T|) order for problems whose noise is of the given type. */
    double strongOrder(SdeProblem.NoiseType noise);

    /** Weak order for smooth test functions of the state; {@code +Infinity} for an exact transition. */
    double weakOrder();

    Stepper stepper(P problem, double dt, UniformRandomProvider rng);
}
