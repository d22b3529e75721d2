/**
 * The convolutional engine: sequential networks ({@link NetworkSpec}) run by oneDNN
 * primitives through the JavaCPP presets, float32 on the CPU, with batched exact per-sample gradients.
 */
package org.thermosgd.training.engine;

import org.thermosgd.training.model.NetworkSpec;
