package org.thermosgd.fp.diffusion;

import java.util.List;

/**
 * What the gradient noise looks like at one parameter point. Conventions: M = (1/N) sum_i g_i g_i^T (the paper's
 * D-hat, eq. 24, which includes the mean); S = (1/(N-1)) sum_i (g_i - mean)(g_i - mean)^T (the sample covariance,
 * estimating Sigma). D = tr(.)/n is the isotropic constant of eq. (8). |mean g|^2 is given as measured and without
 * its tr(S)/N sampling bias; the gradient noise scale B_simple = tr(S) / |mean g|^2 uses the latter (infinite when
 * the noise hides the mean). Each interval says how it was made (95%).
 */
public record DiffusionReport(
        int samples,
        int dimension,
        double traceSecondMoment,
        double traceCovariance,
        double dSecondMoment,
        double dCovariance,
        Interval dCovarianceInterval,
        double meanGradientNormSq,
        double meanGradientNormSqUnbiased,
        double gradientNoiseScale,
        double diagonalCv,
        double diagonalMin,
        double diagonalMax,
        List<BlockTrace> blocks,
        double[] topEigenvalues,
        double topShare,
        double lambdaMaxOverD,
        Interval lambdaMaxOverDInterval,
        double participationRatio,
        Interval participationRatioInterval,
        double participationRatioNaive,
        double[] kurtosisTopEigenvectors,
        double kurtosisRandomMean,
        Interval kurtosisRandomInterval,
        double kurtosisStandardError,
        double tailIndex,
        Interval tailIndexInterval) {

    /** A two-sided interval with its level. */
    public record Interval(double lo, double hi, double level, String method) {
        public boolean contains(double v) {
            return v >= lo && v <= hi;
        }
    }

    /** Per-layer traces of S and M, and the layer's isotropic constant relative to the whole network's. */
    public record BlockTrace(String name, int size, double traceCovariance, double dCovariance,
                             double traceSecondMoment, double ratioToGlobal) {
    }
}
