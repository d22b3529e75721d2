/**
 * Training runs in run directories: started, resumed from their checkpoint, recognised as finished, or started from
 * given weights, each through the one run lifecycle ({@code RunDirectory.execute}); the figures each command leaves in
 * {@code figures/}; a progress bar shown only on a terminal.
 * Entry points: {@link TrainingRun}, {@link RunFigures}, {@link Progress}.
 */
package org.thermosgd.validation.run;
