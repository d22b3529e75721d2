/**
 * Momentum SGD on a network's flat parameter vector in the four update forms of
 * {@link UpdateForm}. lr is the configured learning rate, s the step factor (one scalar per
 * iteration, shared by every parameter), mu the momentum. The state is the velocity v (paper forms) or PyTorch's
 * momentum buffer b (torch forms), zero at the start; weight decay w is coupled as in PyTorch (g += w x first).
 * Entry point: {@link MomentumSgd}.
 */
package org.thermosgd.training.optim;

import org.thermosgd.sde.sgd.UpdateForm;
