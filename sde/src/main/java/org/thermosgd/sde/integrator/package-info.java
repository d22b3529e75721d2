/**
 * Fixed-step integrators for the problems of {@code org.thermosgd.sde.problem}: Euler-Maruyama (any Ito SDE), BAOAB
 * (underdamped Langevin) and the exact Gaussian transition of a linear SDE. The step dt is in the problem's time
 * units and dW ~ N(0, dt I); each scheme declares its strong and weak orders. A scheme is stateless; its
 * {@code Stepper} binds it to one problem, one step size and one path's random stream, and advances the state in
 * place without allocating.
 * Entry points: {@link Integrator}, {@link EulerMaruyama}, {@link Baoab}, {@link ExactLinearTransition}.
 */
package org.thermosgd.sde.integrator;
