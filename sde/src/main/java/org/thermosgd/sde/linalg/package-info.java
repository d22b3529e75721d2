/**
 * Small dense-matrix helpers on {@code double[][]} (row-major): copies, products, symmetry and definiteness checks
 * whose errors name the field, the smallest eigenvalue of a symmetric matrix, and a lower-triangular root
 * L L^T = m that also accepts singular positive semi-definite matrices.
 * Entry point: {@link Matrices}.
 */
package org.thermosgd.sde.linalg;
