/**
 * Diffusion-matrix and isotropy statistics from N per-sample gradients of dimension n, without forming an n x n
 * matrix. M = (1/N) sum_i g_i g_i^T is the paper's D-hat (eq. 24, mean included); S is the sample covariance
 * (1/(N-1)), estimating Sigma; D = tr(.)/n is the isotropic constant of eq. (8). The participation ratio
 * (tr S)^2 / (n tr S^2) is reported naive and bias-corrected. Routes: Gram (N x N), sketched (large N), and factored
 * (per-layer inputs and errors of dense networks).
 * Entry points: {@link GradientSet}, {@link DiffusionAnalysis}, {@link FactoredAnalysis}, {@link DiffusionReport}.
 */
package org.thermosgd.fp.diffusion;
