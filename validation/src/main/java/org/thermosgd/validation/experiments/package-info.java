/**
 * The {@code thermosgd validate} experiments, each a {@link Validation} (run, tables, figures, verdicts) looked up by
 * name in {@link Validations} and driven by {@link ValidationRun}: {@code quadratic}, {@code sde-vs-sgd},
 * {@code network-temperature}, {@code isotropy}, {@code equal-temperature}. Theory means the exact law, the leading
 * order of docs/theory.md, the continuous model of SGD ({@code UnderdampedLangevin.sgdLimit}) and the paper's
 * eq. (19), each from its one home in the sde module and, for a training run, with E[s] and E[s^2] from the
 * step-factor law of the protocol that drove it; on quadratics temperatures are read as T = h E[x^2], on networks
 * as |V|^2 / P with V = dX/dt at dt = lr.
 * Entry points: {@link ValidationRun}, {@link Validations}.
 */
package org.thermosgd.validation.experiments;
