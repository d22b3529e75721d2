package org.thermosgd.validation.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.thermosgd.fp.diffusion.DiffusionAnalysis;
import org.thermosgd.fp.diffusion.DiffusionReport;
import org.thermosgd.fp.diffusion.SyntheticGradients;

/** {@link DiffusionStudy} on synthetic laws, called directly. */
class DiffusionStudyTest {
    private static final DiffusionAnalysis.Options OPTIONS = new DiffusionAnalysis.Options(5, 40, 16, 3L);

    @Test
    void isotropicUnitNoiseHasParticipationRatioOneAndUnitD() {
        DiffusionResult r = DiffusionStudy.synthetic("isotropic", 200, 400, 3L, OPTIONS);
        DiffusionReport rep = r.report();
        assertEquals(200, rep.dimension());
        assertEquals(400, rep.samples());
        // unit covariance: D = tr(S)/n estimates 1 with relative standard error sqrt(2 / (N n)) = 0.005
        assertEquals(1.0, rep.dCovariance(), 0.03);
        // the bias-corrected ratio of an isotropic law is 1; its sampling error at N = 400, n = 200 is a few 0.01
        assertEquals(1.0, rep.participationRatio(), 0.1);
        // the naive ratio is biased down to about N / (N + n) = 2/3 (DiffusionAnalysis's own note)
        assertEquals(400.0 / 600, rep.participationRatioNaive(), 0.05);
        DiffusionResult.Synthetic src = assertInstanceOf(DiffusionResult.Synthetic.class, r.source());
        assertEquals("isotropic", src.synthetic());
        assertNull(r.temperature());
        assertNull(r.curvature());
        assertNull(r.written());
    }

    @Test
    void aSpikedLawHasTheParticipationRatioOfItsCovariance() {
        int n = 200;
        // Sigma = I + 50 v1 v1' + 20 v2 v2' + 10 v3 v3': tr Sigma = n + 80, tr Sigma^2 = n + sum((1 + s)^2 - 1)
        double tr = n;
        double tr2 = n;
        for (double s : SyntheticGradients.SPIKES) {
            tr += s;
            tr2 += (1 + s) * (1 + s) - 1;
        }
        double ratio = tr * tr / (n * tr2);
        DiffusionReport rep = DiffusionStudy.synthetic("spiked", n, 400, 3L, OPTIONS).report();
        assertEquals(ratio, rep.participationRatio(), 0.3 * ratio, "(tr Sigma)^2 / (n tr Sigma^2) = " + ratio);
        double lambdaMaxOverD = (1 + SyntheticGradients.SPIKES[0]) / (tr / n);
        assertEquals(lambdaMaxOverD, rep.lambdaMaxOverD(), 0.25 * lambdaMaxOverD);
        assertEquals(tr / n, rep.dCovariance(), 0.15 * tr / n, "D = tr Sigma / n");
    }

    @Test
    void tooFewSamplesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DiffusionStudy.synthetic("isotropic", 10, 4, 1L, OPTIONS));
        assertTrue(e.getMessage().contains("--samples 4"), e.getMessage());
    }
}
