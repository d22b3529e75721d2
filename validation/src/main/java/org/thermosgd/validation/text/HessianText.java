package org.thermosgd.validation.text;

import org.thermosgd.sde.spectral.TraceEstimate;
import org.thermosgd.validation.curvature.HessianStudy;
import org.thermosgd.validation.curvature.NoiseCurvature;

/** {@code thermosgd hessian}'s result as terminal text. */
public final class HessianText {
    private HessianText() {
    }

    /** Eigenvalues with residuals, traces with intervals, stability and the noise comparison, with units. */
    public static String of(HessianStudy.Result r) {
        StringBuilder b = new StringBuilder();
        double[] ev = r.eigenvalues();
        double[] res = r.residuals();
        b.append(String.format("top eigenvalues of the Hessian (nats/param^2; residual |Hv - lambda v|), %d Lanczos"
                + " steps:%n", r.lanczosSteps()));
        for (int i = 0; i < ev.length; i++) {
            b.append(String.format("  %2d  %.6e  (%.1e)%n", i + 1, ev[i], res[i]));
        }
        TraceEstimate.Trace t = r.trace();
        b.append(String.format("trace %.6e [%.6e, %.6e] (95%%, Hutchinson)%n", t.value(), t.lo(), t.hi()));
        for (TraceEstimate.Trace l : r.layerTraces()) {
            b.append(String.format("  layer %-22s trace %.4e [%.4e, %.4e]%n", l.name(), l.value(), l.lo(), l.hi()));
        }
        HessianStudy.Stability st = r.stability();
        b.append(String.format("stability: lr x lambda_max / bound = %.4f (bound %.4f; %.4f at the protocol's largest"
                + " factor %.3g); < 1 is stable%n", st.ratio(), st.bound(), st.ratioAtLargestFactor(),
                st.largestFactor()));
        NoiseCurvature.Result noise = r.noise();
        if (noise != null) {
            b.append(String.format("noise against curvature (N = %s gradients): cos(H, S) = %.3f, cos(I, S) = %.3f:"
                    + " %s%n", noise.samples(), noise.cosineHS(), noise.cosineIS(), noise.verdict()));
            for (double[] row : noise.topDirections()) {
                b.append(String.format("  lambda %.4e  u^T S u %.4e  u^T M u %.4e  ratio %.4e%n", row[0], row[1],
                        row[2], row[3]));
            }
        }
        b.append(String.format("loss: %s; products: %s; %.1f s%nwritten to %s", r.source().loss(),
                r.source().products(), r.seconds(), r.written()));
        return b.toString();
    }
}
