package org.thermosgd.sde.spectral;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;

/**
 * The spectral density of a symmetric operator by stochastic Lanczos quadrature (Lin, Saad and Yang 2016; Ghorbani,
 * Krishnan and Xiao 2019): for each unit Rademacher probe, {@code steps} Lanczos steps; the Ritz values theta_j are
 * the quadrature nodes and the squared first components tau_j^2 of the tridiagonal matrix's eigenvectors are the
 * weights (they sum to 1 per probe). Averaged over probes, sum_j tau_j^2 delta(t - theta_j) estimates the density of
 * the n eigenvalues, normalised to 1; {@link #smoothed} broadens it with a Gaussian of width sigma.
 */
public final class SpectralDensity {
    /** Nodes and weights of all probes (weights sum to 1 over all nodes). */
    public record Quadrature(double[] nodes, double[] weights, int probes, int steps) {
    }

    private SpectralDensity() {
    }

    public static Quadrature of(SymmetricOperator a, int steps, int probes, long seed) {
        if (steps < 2 || probes < 1) {
            throw new IllegalArgumentException("steps " + steps + " >= 2 and probes " + probes + " >= 1 required");
        }
        int n = a.dimension();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed ^ 0x51aL);
        java.util.List<Double> nodes = new java.util.ArrayList<>();
        java.util.List<Double> weights = new java.util.ArrayList<>();
        for (int p = 0; p < probes; p++) {
            double[] z = Vectors.rademacher(rng, n);
            Vectors.scale(1 / Math.sqrt(n), z);
            double[][] t = Lanczos.tridiagonal(a, z, Math.min(steps, n));
            int m = t.length;
            EigenDecompositionSymmetric e = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(t, false));
            double[] theta = e.getEigenvalues();
            for (int j = 0; j < m; j++) {
                double first = e.getV().getEntry(0, j);
                nodes.add(theta[j]);
                weights.add(first * first / probes);
            }
        }
        return new Quadrature(nodes.stream().mapToDouble(Double::doubleValue).toArray(),
                weights.stream().mapToDouble(Double::doubleValue).toArray(), probes, steps);
    }

    /** The density at {@code grid} points, each node broadened by a Gaussian of standard deviation sigma. */
    public static double[] smoothed(Quadrature q, double[] grid, double sigma) {
        double[] out = new double[grid.length];
        double c = 1 / (sigma * Math.sqrt(2 * Math.PI));
        for (int g = 0; g < grid.length; g++) {
            double s = 0;
            for (int j = 0; j < q.nodes().length; j++) {
                double d = (grid[g] - q.nodes()[j]) / sigma;
                s += q.weights()[j] * Math.exp(-0.5 * d * d);
            }
            out[g] = c * s;
        }
        return out;
    }
}
