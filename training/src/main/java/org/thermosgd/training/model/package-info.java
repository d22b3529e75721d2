/**
 * The paper's networks on ND4J/SameDiff by command-line name: Model 1 ({@code mlp}), Model 2 ({@code cnn}) and
 * {@code vgg16}. Parameters are one flat float32 vector in PyTorch's order and layouts (Linear weight [out, in],
 * Conv2d weight [out, in, kh, kw]), with PyTorch's default initialisation. Inputs are rows of C*H*W floats in [0, 1];
 * the loss is mean softmax cross-entropy in nats per sample; per-sample gradients are those of each sample's own loss.
 * Entry points: {@link ModelCatalog}, {@link Network}, {@link PerSampleGradients}.
 */
package org.thermosgd.training.model;
