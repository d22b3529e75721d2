/**
 * The data sets (MNIST, Fashion-MNIST, CIFAR-10), loaded by command-line name and checked against the SHA-256 of each
 * file's decompressed content where a digest is known (CIFAR-10's digests are only reported). Images are held as
 * unsigned bytes, NCHW, labels 0..9, and scaled to [0, 1] (byte / 255) only when a batch is built; no other
 * normalisation. The cache is {@code $THERMOSGD_HOME/data} (default {@code ~/.cache/thermosgd/data}).
 * Entry points: {@link Datasets}, {@link Dataset}, {@link ImageSet}, {@link DataHome}.
 */
package org.thermosgd.training.data;
