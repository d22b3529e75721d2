package org.thermosgd.fp.diffusion;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealMatrix;
import org.thermosgd.sde.observable.Confidence;

/**
 * The route for many samples, memory O((n + N) l) beyond the gradients: products with X_c only.
 * <ul>
 *   <li>top eigenpairs of S by a randomised range finder in parameter space (l = k + 10 columns, 4 power steps,
 *       Rayleigh-Ritz on X_c Q);</li>
 *   <li>tr(S^2) = sum_j |S v_j|^2 over the l Ritz vectors plus a Hutchinson estimate of the rest,
 *       E|S (I - V V^T) z|^2 with 20 Gaussian probes (exact identity for any orthonormal V);</li>
 *   <li>intervals from half-samples, re-centred on each half, using the same sketch.</li>
 * </ul>
 */
final class SketchedAnalysis {
    static final int POWER_STEPS = 4;
    static final int PROBES = 20;
    static final int MAX_HALF_SAMPLES = 30;

    private SketchedAnalysis() {
    }

    static DiffusionReport analyse(GradientRows g, DiffusionAnalysis.Options o, CentredProducts.Factory factory) {
        int nS = g.samples();
        int n = g.dimension();
        DiffusionAnalysis.Moments mo = DiffusionAnalysis.Moments.of(g);
        CentredProducts p = factory.create(g, mo.mean());
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(o.seed() ^ 0x5ce7cL);
        ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(rng);
        int topK = Math.min(o.topK(), Math.min(n, nS - 1));
        int l = Math.min(Math.min(n, nS - 1), topK + 10);

        double[][] q = gaussian(z, l, n);
        for (int step = 0; step <= POWER_STEPS; step++) {
            q = p.transposeTimes(p.times(q));
            TopEigen.orthonormalise(q);
        }
        double[][] b = p.times(q);
        double[][] t = new double[l][l];
        for (int a = 0; a < l; a++) {
            for (int c = 0; c <= a; c++) {
                double s = dot(b[a], b[c]) / (nS - 1);
                t[a][c] = s;
                t[c][a] = s;
            }
        }
        for (double[] row : t) {
            for (double x : row) {
                if (!Double.isFinite(x)) {
                    throw new IllegalStateException("the sketch of the gradient covariance is not finite ("
                            + x + "): the gradients or the matrix products contain NaN or overflow");
                }
            }
        }
        EigenDecompositionSymmetric e = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(t, false));
        double[] ev = e.getEigenvalues();
        RealMatrix u = e.getV();
        Integer[] order = new Integer[l];
        for (int a = 0; a < l; a++) {
            order[a] = a;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(ev[y], ev[x]));
        double[][] v = new double[l][n];
        double[][] scoresV = new double[l][nS];
        for (int r = 0; r < l; r++) {
            int c = order[r];
            for (int a = 0; a < l; a++) {
                double w = u.getEntry(a, c);
                axpy(w, q[a], v[r]);
                axpy(w, b[a], scoresV[r]);
            }
        }
        double[] top = new double[topK];
        double topSum = 0;
        for (int r = 0; r < topK; r++) {
            top[r] = ev[order[r]];
            topSum += top[r];
        }
        double[] kurtTop = new double[Math.min(5, topK)];
        for (int a = 0; a < kurtTop.length; a++) {
            kurtTop[a] = DiffusionAnalysis.excessKurtosis(scoresV[a]);
        }

        // probes orthogonal to the Ritz vectors; scores of [V ; Z_perp] for all samples
        double[][] probes = gaussian(z, PROBES, n);
        for (double[] pr : probes) {
            for (double[] vr : v) {
                axpy(-dot(vr, pr), vr, pr);
            }
        }
        double[][] scoresP = p.times(probes);
        double trS2 = traceSquare(p, scoresV, scoresP, nS - 1, null);
        double pr = DiffusionAnalysis.participation(mo.trS(), trS2, nS, n, true);
        double prNaive = DiffusionAnalysis.participation(mo.trS(), trS2, nS, n, false);

        double[][] proj = p.times(gaussian(z, o.projections(), n));
        DiffusionAnalysis.Gaussianity gauss = DiffusionAnalysis.Gaussianity.of(proj);

        DiffusionReport.Interval dCi = null;
        DiffusionReport.Interval prCi = null;
        DiffusionReport.Interval lmCi = null;
        int reps = Math.min(o.bootstrap(), MAX_HALF_SAMPLES);
        if (reps >= 2) {
            double[] centredNormSq = centredNormsSquared(g, mo.mean());
            double[][] boot = halfSamples(p, scoresV, scoresP, centredNormSq, nS, n, reps, o.seed());
            String method = "estimate +- " + Confidence.Z95 + " sd of " + reps
                    + " half-samples (without replacement), sketched";
            dCi = DiffusionAnalysis.normal(mo.trS() / n, boot[0], method);
            prCi = DiffusionAnalysis.normal(pr, boot[1], method);
            lmCi = DiffusionAnalysis.normal(top[0] / (mo.trS() / n), boot[2], method);
        }
        return DiffusionAnalysis.report(nS, n, mo, dCi, top, topSum, lmCi, pr, prCi, prNaive, kurtTop, gauss);
    }

    /**
     * tr(S^2) for the (sub)sample selected by mask (null = all): sum over columns of |X_c^T y|^2 / dof^2 for the
     * Ritz scores y, plus the mean over probes of the same for the orthogonal probes.
     */
    static double traceSquare(CentredProducts p, double[][] scoresV, double[][] scoresP, double dof, boolean[] mask) {
        double[][] sv = p.transposeTimes(masked(scoresV, mask));
        double[][] sp = p.transposeTimes(masked(scoresP, mask));
        double s = 0;
        for (double[] col : sv) {
            s += dot(col, col);
        }
        double h = 0;
        for (double[] col : sp) {
            h += dot(col, col);
        }
        return (s + h / scoresP.length) / (dof * dof);
    }

    /** Columns restricted to the mask and re-centred over it (so X_c^T y centres on the subsample's mean). */
    private static double[][] masked(double[][] cols, boolean[] mask) {
        if (mask == null) {
            return cols;
        }
        double[][] out = new double[cols.length][];
        for (int a = 0; a < cols.length; a++) {
            double[] c = cols[a];
            double m = 0;
            int count = 0;
            for (int i = 0; i < c.length; i++) {
                if (mask[i]) {
                    m += c[i];
                    count++;
                }
            }
            m /= count;
            double[] o = new double[c.length];
            for (int i = 0; i < c.length; i++) {
                o[i] = mask[i] ? c[i] - m : 0;
            }
            out[a] = o;
        }
        return out;
    }

    private static double[] centredNormsSquared(GradientRows g, double[] mean) {
        int n = g.dimension();
        double[] out = new double[g.samples()];
        g.forEachBlock((r, first, count) -> {
            for (int i = 0; i < count; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    double d = r[i * n + j] - mean[j];
                    s += d * d;
                }
                out[first + i] = s;
            }
        });
        return out;
    }

    private static double[][] halfSamples(CentredProducts p, double[][] scoresV, double[][] scoresP,
                                          double[] centredNormSq, int nS, int n, int reps, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed ^ 0x4a1fL);
        double[][] out = new double[3][reps];
        int m = nS / 2;
        int[] idx = new int[nS];
        for (int rep = 0; rep < reps; rep++) {
            for (int i = 0; i < nS; i++) {
                idx[i] = i;
            }
            boolean[] mask = new boolean[nS];
            for (int i = 0; i < m; i++) {
                int j = i + rng.nextInt(nS - i);
                int tt = idx[i];
                idx[i] = idx[j];
                idx[j] = tt;
                mask[idx[i]] = true;
            }
            // tr S_H = (sum_H |g - mean|^2 - m |mean_H - mean|^2) / (m - 1), |mean_H - mean| from X_c^T (1_H / m)
            double[] ind = new double[nS];
            double sumNorm = 0;
            for (int i = 0; i < nS; i++) {
                if (mask[i]) {
                    ind[i] = 1.0 / m;
                    sumNorm += centredNormSq[i];
                }
            }
            double[] shift = p.transposeTimes(new double[][] {ind})[0];
            double tr = (sumNorm - m * dot(shift, shift)) / (m - 1);
            double tr2 = traceSquare(p, scoresV, scoresP, m - 1, mask);
            double[][] sv = masked(scoresV, mask);
            double lambda = 0;
            int l = sv.length;
            double[][] t = new double[l][l];
            for (int a = 0; a < l; a++) {
                for (int c = 0; c <= a; c++) {
                    double s = dot(sv[a], sv[c]) / (m - 1);
                    t[a][c] = s;
                    t[c][a] = s;
                }
            }
            for (double e : new EigenDecompositionSymmetric(new Array2DRowRealMatrix(t, false)).getEigenvalues()) {
                lambda = Math.max(lambda, e);
            }
            out[0][rep] = tr / n;
            out[1][rep] = DiffusionAnalysis.participation(tr, tr2, m, n, true);
            out[2][rep] = lambda / (tr / n);
        }
        return out;
    }

    private static double[][] gaussian(ZigguratSampler.NormalizedGaussian z, int rows, int n) {
        double[][] out = new double[rows][n];
        for (double[] r : out) {
            for (int j = 0; j < n; j++) {
                r[j] = z.sample();
            }
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }
}
