/**
 * The measurements behind {@code thermosgd bench}: throughputs and replay files that the scripts in {@code bench/}
 * compare with a reference (numpy, PyTorch) measured in the same run. No speed target lives here; the scripts print
 * the ratios.
 * Entry point: {@link Benchmarks}.
 */
package org.thermosgd.validation.bench;
