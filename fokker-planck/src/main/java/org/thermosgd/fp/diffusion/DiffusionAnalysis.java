package org.thermosgd.fp.diffusion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.sde.observable.Confidence;

/**
 * Diffusion-matrix statistics from per-sample gradients, through the N x N Gram matrix of the centred gradients
 * (memory O(N^2 + n), no n x n matrix). Participation ratio (tr S)^2 / (n tr S^2) is reported both naively and
 * with tr(Sigma^2) estimated without the (tr Sigma)^2 / N bias of tr(S^2) (Srivastava 2005, unbiased under
 * Gaussianity): for n >> N the naive ratio of a perfectly isotropic noise is about N / (N + n), not 1.
 */
public final class DiffusionAnalysis {
    /** Options: top-k eigenvalues, bootstrap replicates, random projections for the Gaussianity figures, seed. */
    public record Options(int topK, int bootstrap, int projections, long seed, int gramLimit) {
        public Options {
            if (topK < 1 || bootstrap < 0 || projections < 1 || gramLimit < 8) {
                throw new IllegalArgumentException("top-k " + topK + " >= 1, bootstrap " + bootstrap + " >= 0,"
                        + " projections " + projections + " >= 1, gram limit " + gramLimit + " >= 8");
            }
        }

        /** Gram route up to 3000 samples, sketched route above. */
        public Options(int topK, int bootstrap, int projections, long seed) {
            this(topK, bootstrap, projections, seed, 3000);
        }

        public static Options defaults() {
            return new Options(20, 200, 16, 1L);
        }
    }

    /** The Gram route up to {@code o.gramLimit()} samples, the sketched route above. */
    public static DiffusionReport analyse(GradientRows g, Options o, GramMatrix gram,
            CentredProducts.Factory products) {
        return g.samples() <= o.gramLimit() ? analyse(g, o, gram) : sketched(g, o, products);
    }

    /**
     * The sketched route (randomised range finder; memory O((n + N) l) beyond the gradients, which may be streamed
     * from a file: then every product is one pass over it).
     */
    public static DiffusionReport sketched(GradientRows g, Options o, CentredProducts.Factory products) {
        return SketchedAnalysis.analyse(g, o, products);
    }

    /** Pass one over the data: means, second moments per coordinate, traces, per-layer traces. */
    record Moments(double[] mean, double[] diagS, double trM, double trS, double meanNormSq,
                   List<DiffusionReport.BlockTrace> blocks, double[] diagStats) {
        static Moments of(GradientRows g) {
            int nS = g.samples();
            int n = g.dimension();
            double[] sum = new double[n];
            double[] sumSq = new double[n];
            float[] row0 = new float[n];
            boolean[] varies = new boolean[1];
            g.forEachBlock((r, first, count) -> {
                if (first == 0) {
                    System.arraycopy(r, 0, row0, 0, n);
                }
                for (int i = 0; i < count; i++) {
                    int base = i * n;
                    for (int j = 0; j < n; j++) {
                        double v = r[base + j];
                        sum[j] += v;
                        sumSq[j] += v * v;
                    }
                    if (!varies[0] && !Arrays.equals(r, base, base + n, row0, 0, n)) {
                        varies[0] = true;
                    }
                }
            });
            if (!varies[0]) {
                boolean zero = Arrays.equals(row0, new float[n]);
                throw new IllegalArgumentException("the gradients have zero variance: all " + nS + " rows are "
                        + (zero ? "zero" : "identical") + "; nothing to analyse");
            }
            return fromSums(sum, sumSq, nS, g.blocks());
        }

        /** From per-coordinate sums and sums of squares over the N samples. */
        static Moments fromSums(double[] sum, double[] sumSq, int nS, List<GradientSet.Block> blockList) {
            int n = sum.length;
            double trM = 0;
            for (double v : sumSq) {
                trM += v;
            }
            trM /= nS;
            double[] mean = new double[n];
            double meanNormSq = 0;
            for (int j = 0; j < n; j++) {
                mean[j] = sum[j] / nS;
                meanNormSq += mean[j] * mean[j];
            }
            double[] diagS = new double[n];
            double trS = 0;
            for (int j = 0; j < n; j++) {
                diagS[j] = (sumSq[j] - nS * mean[j] * mean[j]) / (nS - 1);
                trS += diagS[j];
            }
            if (!Double.isFinite(trM) || !Double.isFinite(trS)) {
                throw new IllegalArgumentException("the gradients hold NaN or infinite values (trace of the second"
                        + " moment " + trM + "); nothing to analyse");
            }
            if (!(trS > 0)) {
                throw new IllegalArgumentException("the gradients have zero variance: every coordinate is constant"
                        + " over the " + nS + " samples; nothing to analyse");
            }
            List<DiffusionReport.BlockTrace> blocks = new ArrayList<>();
            for (GradientSet.Block b : blockList) {
                double ts = 0;
                double tm = 0;
                for (int j = b.offset(); j < b.offset() + b.size(); j++) {
                    ts += diagS[j];
                    tm += sumSq[j] / nS;
                }
                blocks.add(new DiffusionReport.BlockTrace(b.name(), b.size(), ts, ts / b.size(), tm,
                        (ts / b.size()) / (trS / n)));
            }
            return new Moments(mean, diagS, trM, trS, meanNormSq, blocks, meanSdMinMax(diagS));
        }
    }

    private DiffusionAnalysis() {
    }

    /** The Gram route (memory O(N^2 + n) beyond the gradients, which must be in memory). */
    public static DiffusionReport analyse(GradientRows g, Options o, GramMatrix gram) {
        Moments mo = Moments.of(g);
        double[][] k = gram.centred(g, mo.mean());
        return fromGram(g.samples(), g.dimension(), mo, k, TopEigen.operator(k),
                randomProjections(g, mo.mean(), o.projections(), o.seed()), o);
    }

    /**
     * Everything that follows from the moments, the centred Gram matrix K (with an operator applying it to blocks of
     * vectors) and the random projections: spectrum, tr(S^2) = |K|_F^2 / (N-1)^2, participation ratios,
     * Gaussianity figures and half-sample intervals.
     */
    static DiffusionReport fromGram(int nS, int n, Moments mo, double[][] k, TopEigen.Operator op, double[][] proj,
                                    Options o) {
        double trS = mo.trS();
        int topK = Math.min(o.topK(), nS - 1);
        TopEigen.Result te = TopEigen.of(op, nS, topK, 12, o.seed());
        double[] top = new double[topK];
        for (int a = 0; a < topK; a++) {
            top[a] = te.values()[a] / (nS - 1);
        }
        double topSum = 0;
        for (double v : top) {
            topSum += v;
        }
        double trS2 = frobeniusSq(k) / ((double) (nS - 1) * (nS - 1));
        double pr = participation(trS, trS2, nS, n, true);
        double prNaive = participation(trS, trS2, nS, n, false);

        // Gaussianity: kurtosis of projections on top eigenvectors (entries of K's eigenvectors) and random ones
        double[] kurtTop = new double[Math.min(5, topK)];
        for (int a = 0; a < kurtTop.length; a++) {
            kurtTop[a] = excessKurtosis(te.vectors()[a]);
        }
        Gaussianity gauss = Gaussianity.of(proj);

        DiffusionReport.Interval dCi = null;
        DiffusionReport.Interval prCi = null;
        DiffusionReport.Interval lmCi = null;
        if (o.bootstrap() > 0 && nS >= 8) {
            double[][] boot = halfSamples(k, nS, n, o.bootstrap(), o.seed(), te.vectors());
            String method = "estimate +- " + Confidence.Z95 + " sd of " + o.bootstrap()
                    + " half-samples (without replacement)";
            dCi = normal(trS / n, boot[0], method);
            prCi = normal(pr, boot[1], method);
            lmCi = normal(top[0] / (trS / n), boot[2], method);
        }
        return report(nS, n, mo, dCi, top, topSum, lmCi, pr, prCi, prNaive, kurtTop, gauss);
    }

    static DiffusionReport report(int nS, int n, Moments mo, DiffusionReport.Interval dCi, double[] top,
                                  double topSum, DiffusionReport.Interval lmCi, double pr,
                                  DiffusionReport.Interval prCi, double prNaive, double[] kurtTop,
                                  Gaussianity gauss) {
        double trS = mo.trS();
        double meanNormSqUnbiased = mo.meanNormSq() - trS / nS;
        double[] diagStats = mo.diagStats();
        return new DiffusionReport(nS, n, mo.trM(), trS, mo.trM() / n, trS / n, dCi, mo.meanNormSq(),
                meanNormSqUnbiased, meanNormSqUnbiased > 0 ? trS / meanNormSqUnbiased : Double.POSITIVE_INFINITY,
                diagStats[1] / diagStats[0], diagStats[2], diagStats[3], mo.blocks(), top, topSum / trS,
                top[0] / (trS / n), lmCi, pr, prCi, prNaive, kurtTop, gauss.kurtosis(), gauss.kurtosisInterval(),
                Math.sqrt(24.0 / nS), gauss.alpha(), gauss.alphaInterval());
    }

    /** Kurtosis and tail index over random projections, with mean +- 1.96 s.e. intervals. */
    record Gaussianity(double kurtosis, DiffusionReport.Interval kurtosisInterval, double alpha,
                       DiffusionReport.Interval alphaInterval) {
        static Gaussianity of(double[][] proj) {
            double[] kurtRandom = new double[proj.length];
            double[] alphas = new double[proj.length];
            for (int a = 0; a < proj.length; a++) {
                kurtRandom[a] = excessKurtosis(proj[a]);
                alphas[a] = tailIndex(proj[a]);
            }
            double[] kr = meanSdMinMax(kurtRandom);
            double[] al = meanSdMinMax(alphas);
            double kSe = kr[1] / Math.sqrt(proj.length);
            double aSe = al[1] / Math.sqrt(proj.length);
            String how = "mean over " + proj.length + " random projections +- " + Confidence.Z95 + " s.e.";
            return new Gaussianity(kr[0], normal(kr[0], kSe, how), al[0], normal(al[0], aSe, how));
        }
    }

    static double frobeniusSq(double[][] k) {
        double s = 0;
        for (double[] row : k) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s;
    }

    /**
     * (tr S)^2 / (n T2) with T2 = tr(S^2) (naive) or (N-1)^2/((N-2)(N+1)) (tr(S^2) - (tr S)^2/(N-1)) (unbiased for
     * tr(Sigma^2) under Gaussianity).
     */
    static double participation(double trS, double trS2, int nS, int n, boolean corrected) {
        double t2 = corrected
                ? (double) (nS - 1) * (nS - 1) / ((double) (nS - 2) * (nS + 1)) * (trS2 - trS * trS / (nS - 1))
                : trS2;
        return trS * trS / (n * t2);
    }

    static double[] meanSdMinMax(double[] v) {
        double m = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        m /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return new double[] {m, Math.sqrt(ss / Math.max(1, v.length - 1)), min, max};
    }

    static double excessKurtosis(double[] y) {
        double m = 0;
        for (double v : y) {
            m += v;
        }
        m /= y.length;
        double m2 = 0;
        double m4 = 0;
        for (double v : y) {
            double d = (v - m) * (v - m);
            m2 += d;
            m4 += d * d;
        }
        m2 /= y.length;
        m4 /= y.length;
        return m4 / (m2 * m2) - 3;
    }

    /** Projections (g_i - mean) . r for random Gaussian directions r (one row of the result per direction). */
    static double[][] randomProjections(GradientRows g, double[] mean, int count, long seed) {
        int n = g.dimension();
        double[][] dirs = randomDirections(count, n, seed);
        double[][] out = new double[count][g.samples()];
        g.forEachBlock((r, first, rowsInBlock) -> {
            for (int i = 0; i < rowsInBlock; i++) {
                int base = i * n;
                for (int a = 0; a < count; a++) {
                    double[] d = dirs[a];
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                        s += (r[base + j] - mean[j]) * d[j];
                    }
                    out[a][first + i] = s;
                }
            }
        });
        return out;
    }

    /** The Gaussian directions of the random projections (rows), the same for every route. */
    static double[][] randomDirections(int count, int n, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed ^ 0x9e37L);
        ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] dirs = new double[count][n];
        for (double[] d : dirs) {
            for (int j = 0; j < n; j++) {
                d[j] = z.sample();
            }
        }
        return dirs;
    }

    /**
     * Tail index of a symmetric alpha-stable law (Mohammadi, Mohammadpour and Ogata 2015, as used by Simsekli et al.
     * 2019): with K1 = floor(sqrt(N)) and sums Y of K1 consecutive values, 1/alpha = (mean log|Y| - mean log|X|) /
     * log K1. Gaussian noise gives alpha = 2; heavier tails give less. Clipped to (0, 2].
     */
    static double tailIndex(double[] x) {
        int k1 = (int) Math.floor(Math.sqrt(x.length));
        int k2 = x.length / k1;
        double m = 0;
        for (double v : x) {
            m += v;
        }
        m /= x.length;
        double logX = 0;
        int used = k1 * k2;
        for (int i = 0; i < used; i++) {
            logX += Math.log(Math.abs(x[i] - m) + Double.MIN_NORMAL);
        }
        logX /= used;
        double logY = 0;
        for (int b = 0; b < k2; b++) {
            double s = 0;
            for (int j = 0; j < k1; j++) {
                s += x[b * k1 + j] - m;
            }
            logY += Math.log(Math.abs(s) + Double.MIN_NORMAL);
        }
        logY /= k2;
        double inv = (logY - logX) / Math.log(k1);
        return Math.min(2.0, 1 / Math.max(inv, 0.5));
    }

    /**
     * Half-sample replicates of {D_S, corrected PR, lambda_max / D_S}: random halves drawn without replacement, each
     * analysed from the reweighted centred Gram matrix as a sample of its own. Without replacement no sample is
     * duplicated (duplicates would bias tr(S^2) and so the participation ratio), and the spread of half-sample
     * estimates approximates the full sample's standard error (Efron's half-sampling).
     */
    static double[][] halfSamples(double[][] k, int nS, int n, int replicates, long seed, double[][] topVectors) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed ^ 0xb0075L);
        double[][] out = new double[3][replicates];
        int m = nS / 2;
        int[] idx = new int[nS];
        double[] a = new double[m];
        float[] kc = new float[m * m];
        for (int rep = 0; rep < replicates; rep++) {
            for (int i = 0; i < nS; i++) {
                idx[i] = i;
            }
            for (int i = 0; i < m; i++) {
                int j = i + rng.nextInt(nS - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            // every statistic of a half is invariant under reordering it; sorted, the gathers below run forward
            java.util.Arrays.sort(idx, 0, m);
            for (int i = 0; i < m; i++) {
                double s = 0;
                double[] ki = k[idx[i]];
                for (int j = 0; j < m; j++) {
                    s += ki[idx[j]];
                }
                a[i] = s / m;
            }
            double c = 0;
            for (int i = 0; i < m; i++) {
                c += a[i];
            }
            c /= m;
            double tr = 0;
            double tr2 = 0;
            for (int i = 0; i < m; i++) {
                double[] ki = k[idx[i]];
                for (int j = 0; j < m; j++) {
                    double kij = ki[idx[j]] - a[i] - a[j] + c;
                    kc[i * m + j] = (float) kij;
                    tr2 += kij * kij;
                }
                tr += kc[i * m + i];
            }
            tr /= m - 1;
            tr2 /= (double) (m - 1) * (m - 1);
            double lambda = largestFrom(kc, m, idx, topVectors) / (m - 1);
            out[0][rep] = tr / n;
            out[1][rep] = participation(tr, tr2, m, n, true);
            out[2][rep] = lambda / (tr / n);
        }
        return out;
    }

    /**
     * Largest eigenvalue of a half-sample's centred Gram matrix (m x m, float32, row-major) by block power iteration
     * started from the full sample's top eigenvectors restricted to the half (the half's leading eigenspace is close
     * to them, so a few steps suffice), then Rayleigh-Ritz; float32 GEMMs.
     */
    static double largestFrom(float[] kc, int m, int[] idx, double[][] topVectors) {
        int l = Math.min(Math.min(6, topVectors.length) + 2, m);
        double[][] q = new double[l][m];
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(m);
        for (int c = 0; c < l; c++) {
            for (int i = 0; i < m; i++) {
                q[c][i] = c < topVectors.length && c < l - 2 ? topVectors[c][idx[i]] : rng.nextDouble() - 0.5;
            }
        }
        // closed here: 200 half-samples' m x m copies left to the collector were 0.7 GB of native memory at N = 2,000
        try (INDArray km = Nd4j.create(kc, new long[] {m, m}, 'c')) {
            double previous = Double.NaN;
            double lambda = 0;
            for (int step = 0; step < 30; step++) {
                TopEigen.orthonormalise(q);
                double[][] kq;
                try (INDArray qm = Nd4jArrays.fromColumns(q, m); INDArray p = Nd4j.gemm(km, qm, false, false)) {
                    kq = Nd4jArrays.toColumns(p, l, m);
                }
                double[][] t = new double[l][l];
                for (int x = 0; x < l; x++) {
                    for (int y = 0; y <= x; y++) {
                        double mm = 0.5 * (SketchedAnalysis.dot(q[x], kq[y]) + SketchedAnalysis.dot(q[y], kq[x]));
                        t[x][y] = mm;
                        t[y][x] = mm;
                    }
                }
                lambda = 0;
                for (double e : new EigenDecompositionSymmetric(new Array2DRowRealMatrix(t, false)).getEigenvalues()) {
                    lambda = Math.max(lambda, e);
                }
                if (step > 0 && Math.abs(lambda - previous) <= 1e-7 * Math.abs(lambda)) {
                    break;
                }
                previous = lambda;
                q = kq;
            }
            return lambda;
        }
    }

    /** estimate +- 1.96 sd of the replicates. */
    static DiffusionReport.Interval normal(double estimate, double[] replicates, String method) {
        double sd = meanSdMinMax(replicates)[1];
        return normal(estimate, sd, method);
    }


    /** The 95% normal interval estimate +- {@link Confidence#Z95} x {@code se}. */
    private static DiffusionReport.Interval normal(double estimate, double se, String method) {
        return new DiffusionReport.Interval(estimate - Confidence.Z95 * se, estimate + Confidence.Z95 * se,
                Confidence.LEVEL, method);
    }
}
