package org.thermosgd.validation.text;

import org.thermosgd.fp.diffusion.DiffusionReport;
import org.thermosgd.validation.curvature.NoiseCurvature;
import org.thermosgd.validation.diffusion.DiffusionResult;

/** {@code thermosgd diffusion}'s result as terminal text. */
public final class DiffusionText {
    private DiffusionText() {
    }

    /** The result as text, every number with its convention. */
    public static String of(DiffusionResult out) {
        DiffusionReport r = out.report();
        StringBuilder b = new StringBuilder();
        b.append(String.format("N = %d gradients of dimension n = %d%n", r.samples(), r.dimension()));
        b.append(String.format("  D (covariance S, tr/n) = %.4e  [%s]%n", r.dCovariance(),
                r.dCovarianceInterval() == null ? "-" : String.format("%.4e, %.4e", r.dCovarianceInterval().lo(),
                        r.dCovarianceInterval().hi())));
        b.append(String.format("  D (second moment M, tr/n) = %.4e%n", r.dSecondMoment()));
        b.append(String.format("  participation ratio (1 = isotropic) = %.4f  [%s]; naive %.4f%n",
                r.participationRatio(), r.participationRatioInterval() == null ? "-" : String.format("%.4f, %.4f",
                        r.participationRatioInterval().lo(), r.participationRatioInterval().hi()),
                r.participationRatioNaive()));
        b.append(String.format("  lambda_max / D = %.2f; top-%d share of tr S = %.3f; diagonal CV = %.3f%n",
                r.lambdaMaxOverD(), r.topEigenvalues().length, r.topShare(), r.diagonalCv()));
        b.append(String.format("  excess kurtosis of random projections = %.3f (Gaussian 0 +- %.3f); tail index"
                + " alpha = %.3f (Gaussian 2)%n", r.kurtosisRandomMean(), r.kurtosisStandardError(), r.tailIndex()));
        for (DiffusionReport.BlockTrace bt : r.blocks()) {
            b.append(String.format("  block %-12s n = %8d  D = %.4e  D/D_all = %.3f%n", bt.name(), bt.size(),
                    bt.dCovariance(), bt.ratioToGlobal()));
        }
        DiffusionResult.Temperature t = out.temperature();
        if (t != null) {
            b.append("  predicted temperature: {paper=").append(t.paper()).append(", leadingOrder=")
                    .append(t.leadingOrder()).append(", stepFactorMean=").append(t.stepFactorMean())
                    .append(", stepFactorMeanSquare=").append(t.stepFactorMeanSquare()).append(", conventions=")
                    .append(t.conventions()).append("}\n");
        }
        NoiseCurvature.Result nc = out.curvature();
        if (nc != null) {
            b.append(String.format("  noise against curvature: cos(H, S) = %.3f, cos(I, S) = %.3f: %s%n",
                    nc.cosineHS(), nc.cosineIS(), nc.verdict()));
        }
        if (out.written() != null) {
            b.append("  written to ").append(out.written());
        }
        return b.toString().stripTrailing();
    }
}
