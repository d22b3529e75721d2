package org.thermosgd.sde.spectral;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.thermosgd.sde.observable.Confidence;

/**
 * Trace of a symmetric operator from products with random vectors, with a 95% interval (estimate +- 1.96 standard
 * errors over the probes). Hutchinson: tr A = E[z^T A z] for Rademacher z, and for a block B of coordinates
 * tr A_BB = E[z_B^T (A z)_B] from the same probes. Hutch++ (Meyer, Musco, Musco and Woodruff 2021): the trace on
 * the span Q of A applied to a third of the probes, exactly, plus Hutchinson on the complement; far smaller error
 * when a few eigenvalues dominate.
 */
public final class TraceEstimate {
    /** A trace with its interval and how it was estimated. */
    public record Trace(String name, double value, double lo, double hi, int products, String method) {
    }

    /** A named block [offset, offset + size) of coordinates. */
    public record Block(String name, int offset, int size) {
    }

    private TraceEstimate() {
    }

    /** Hutchinson with {@code probes} Rademacher vectors: the whole trace, then one per block. */
    public static List<Trace> hutchinson(SymmetricOperator a, int probes, List<Block> blocks, long seed) {
        if (probes < 2) {
            throw new IllegalArgumentException("probes " + probes + " must be >= 2 (for an interval)");
        }
        int n = a.dimension();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed ^ 0x7ace5L);
        double[][] samples = new double[blocks.size() + 1][probes];
        for (int p = 0; p < probes; p++) {
            double[] z = Vectors.rademacher(rng, n);
            double[] az = a.apply(z);
            double total = 0;
            for (int b = 0; b < blocks.size(); b++) {
                Block bl = blocks.get(b);
                double s = 0;
                for (int i = bl.offset(); i < bl.offset() + bl.size(); i++) {
                    s += z[i] * az[i];
                }
                samples[b + 1][p] = s;
                total += s;
            }
            samples[0][p] = blocks.isEmpty() ? Vectors.dot(z, az) : total;
        }
        String method = "Hutchinson, " + probes + " Rademacher probes; 95% interval = mean +- " + Confidence.Z95
                + " standard errors";
        List<Trace> out = new ArrayList<>();
        out.add(interval("all", 0, samples[0], probes, method));
        for (int b = 0; b < blocks.size(); b++) {
            out.add(interval(blocks.get(b).name(), 0, samples[b + 1], probes, method));
        }
        return out;
    }

    /** Hutch++ with {@code products} operator products (a multiple of 3, at least 6). */
    public static Trace hutchPlusPlus(SymmetricOperator a, int products, long seed) {
        if (products < 6) {
            throw new IllegalArgumentException("products " + products + " must be >= 6");
        }
        int n = a.dimension();
        int third = products / 3;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed ^ 0x4c3ffL);
        List<double[]> q = new ArrayList<>();
        for (int j = 0; j < third; j++) {
            double[] y = a.apply(Vectors.rademacher(rng, n));
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : q) {
                    Vectors.axpy(-Vectors.dot(y, b), b, y);
                }
            }
            double norm = Vectors.norm(y);
            if (norm > 1e-12) {
                Vectors.scale(1 / norm, y);
                q.add(y);
            }
        }
        double exact = 0;
        for (double[] b : q) {
            exact += Vectors.dot(b, a.apply(b));
        }
        int rest = products - third - q.size();
        double[] samples = new double[Math.max(2, rest)];
        for (int p = 0; p < samples.length; p++) {
            double[] z = Vectors.rademacher(rng, n);
            for (double[] b : q) {
                Vectors.axpy(-Vectors.dot(z, b), b, z);
            }
            double[] az = a.apply(z);
            for (double[] b : q) {
                Vectors.axpy(-Vectors.dot(az, b), b, az);
            }
            samples[p] = Vectors.dot(z, az);
        }
        return interval("all", exact, samples, third + q.size() + samples.length, "Hutch++: exact trace on the span of"
                + " A applied to " + third + " probes, Hutchinson with " + samples.length + " probes on its"
                + " complement; 95% interval = +- " + Confidence.Z95 + " standard errors of the complement's part");
    }

    private static Trace interval(String name, double offset, double[] samples, int products, String method) {
        double mean = 0;
        for (double s : samples) {
            mean += s / samples.length;
        }
        double var = 0;
        for (double s : samples) {
            var += (s - mean) * (s - mean) / (samples.length - 1);
        }
        double se = Math.sqrt(var / samples.length);
        double v = offset + mean;
        return new Trace(name, v, v - Confidence.Z95 * se, v + Confidence.Z95 * se, products, method);
    }
}
