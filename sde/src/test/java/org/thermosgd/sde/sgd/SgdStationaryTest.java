package org.thermosgd.sde.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.thermosgd.sde.lyapunov.NoStationaryLawException;

class SgdStationaryTest {
    static final double[][] H_DIAG = {{1.0, 0}, {0, 2.5}};
    static final double[][] H_FULL = {{1.5, 0.4}, {0.4, 0.8}};
    static final double[][] SIGMA = {{1.0, 0.3}, {0.3, 0.5}};

    static GradientNoise.Regression regression() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(11L);
        int rows = 40;
        double[][] a = new double[rows][2];
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            a[r][0] = 2 * rng.nextDouble() - 1 + 0.5;
            a[r][1] = 2 * rng.nextDouble() - 1;
            y[r] = 0.7 * a[r][0] - 0.4 * a[r][1] + (rng.nextDouble() - 0.5);
        }
        return new GradientNoise.Regression(a, y, 4);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<StepFactor> factors = List.of(new StepFactor.Constant(1.0), new StepFactor.Uniform(0, 2),
                new StepFactor.Cosine(5));
        for (UpdateForm form : UpdateForm.values()) {
            for (StepFactor f : factors) {
                out.add(Arguments.of(form, f, "gaussian-diag"));
                out.add(Arguments.of(form, f, "gaussian-full"));
                out.add(Arguments.of(form, f, "regression"));
            }
        }
        return out.stream();
    }

    static SgdProblem problem(UpdateForm form, StepFactor f, String noise, double lr, double mu) {
        return switch (noise) {
            case "gaussian-diag" -> new SgdProblem(form, mu, lr, f, H_DIAG, new GradientNoise.Gaussian(SIGMA, 4));
            case "gaussian-full" -> new SgdProblem(form, mu, lr, f, H_FULL, new GradientNoise.Gaussian(SIGMA, 4));
            default -> new SgdProblem(form, mu, lr, f, null, regression());
        };
    }

    /** Exact moments against 48 chains x 20,000 steps: every coordinate within 4 standard errors. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void exactMatchesSimulationWithinFourStandardErrors(UpdateForm form, StepFactor f, String noise) {
        SgdProblem p = problem(form, f, noise, 0.08, 0.5);
        SecondMoments exact = ExactStationary.solve(p);
        SgdSimulation.Result sim = SgdSimulation.run(p, 48, 20_000, 2024L, 2);
        for (int i = 0; i < 2; i++) {
            double zx = (sim.x2()[i] - exact.x2()[i]) / sim.x2Se()[i];
            double zv = (sim.v2()[i] - exact.v2()[i]) / sim.v2Se()[i];
            assertTrue(Math.abs(zx) < 4, "x2[" + i + "] exact " + exact.x2()[i] + " simulated " + sim.x2()[i]
                    + " +- " + sim.x2Se()[i]);
            assertTrue(Math.abs(zv) < 4, "v2[" + i + "] exact " + exact.v2()[i] + " simulated " + sim.v2()[i]
                    + " +- " + sim.v2Se()[i]);
            assertTrue(sim.x2Se()[i] < 0.03 * exact.x2()[i], "simulation too short to test anything");
        }
    }

    @Test
    void blockwiseAndDenseSolutionsAgreeForGaussianNoise() {
        for (UpdateForm form : UpdateForm.values()) {
            for (StepFactor f : List.of(new StepFactor.Uniform(0.5, 1.5), new StepFactor.Cosine(3))) {
                SgdProblem p = problem(form, f, "gaussian-full", 0.1, 0.7);
                SecondMoments a = ExactStationary.blockwise(p);
                SecondMoments b = ExactStationary.dense(p);
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        assertEquals(b.sxx()[i][j], a.sxx()[i][j], 1e-10 * Math.abs(b.sxx()[0][0]));
                        assertEquals(b.svv()[i][j], a.svv()[i][j], 1e-10 * Math.abs(b.svv()[0][0]));
                        assertEquals(b.sxv()[i][j], a.sxv()[i][j], 1e-10 * Math.abs(b.svv()[0][0]));
                    }
                }
            }
        }
    }

    /** Plain SGD x' = x - lr (h x + xi): Var x = lr^2 q / (1 - (1 - lr h)^2), E v^2 = h^2 Var x + q. */
    @Test
    void plainSgdMatchesTheHandComputation() {
        double lr = 0.3;
        double h = 2.0;
        double q = 0.7;
        SgdProblem p = new SgdProblem(UpdateForm.PAPER, 0.0, lr, new StepFactor.Constant(1), new double[][] {{h}},
                new GradientNoise.Gaussian(new double[][] {{q}}, 1));
        SecondMoments m = ExactStationary.solve(p);
        double var = lr * lr * q / (1 - (1 - lr * h) * (1 - lr * h));
        assertEquals(var, m.x2()[0], 1e-14);
        assertEquals(h * h * var + q, m.v2()[0], 1e-13);
        // the torch form with mu = 0 is the same update; its buffer is the raw gradient
        SgdProblem t = new SgdProblem(UpdateForm.TORCH, 0.0, lr, new StepFactor.Constant(1), new double[][] {{h}},
                new GradientNoise.Gaussian(new double[][] {{q}}, 1));
        assertEquals(var, ExactStationary.solve(t).x2()[0], 1e-14);
    }

    /** The leading-order formula is the lr -> 0 limit: relative gap shrinks linearly in lr. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void leadingOrderIsTheSmallLearningRateLimit(UpdateForm form, StepFactor f, String noise) {
        double[] gaps = new double[2];
        double[] lrs = {2e-3, 1e-3};
        for (int k = 0; k < 2; k++) {
            SgdProblem p = problem(form, f, noise, lrs[k], 0.6);
            double exact = ExactStationary.solve(p).x2()[0];
            double lead = LeadingOrder.solve(p).x2()[0];
            gaps[k] = Math.abs(lead / exact - 1);
            double vExact = ExactStationary.solve(p).v2()[0];
            double vLead = LeadingOrder.solve(p).v2()[0];
            assertEquals(1, vLead / vExact, 0.05, "v2 leading order");
        }
        assertTrue(gaps[1] < 0.03, "gap " + gaps[1] + " at lr 1e-3");
        assertTrue(gaps[1] < 0.7 * gaps[0] || gaps[1] < 1e-6, "gap does not shrink: " + gaps[0] + " -> " + gaps[1]);
    }

    /** The paper's T = l D/(6C(1-mu)) against the exact law for its own setting (paper form, alpha ~ U[0,1]). */
    @Test
    void paperFormulaIsOffByTheMeanOfAlphaForItsOwnSetting() {
        SgdProblem p = new SgdProblem(UpdateForm.PAPER, 0.9, 1e-3, new StepFactor.Uniform(0, 1),
                new double[][] {{1.0}}, new GradientNoise.Gaussian(new double[][] {{1.0}}, 8));
        double exact = ExactStationary.solve(p).x2()[0];
        PaperPrediction paper = PaperPrediction.of(p);
        // leading order: lr E[s^2] q / (2 E[s] (1 - mu) h) = lr q / (3 (1 - mu) h): twice the paper's value
        assertEquals(0.5, paper.x2()[0] / exact, 0.01);
        assertEquals(1e-3 / (6 * 8 * 0.1), paper.temperature()[0], 1e-15);
    }

    @Test
    void unstableLearningRateHasNoStationaryLaw() {
        SgdProblem p = problem(UpdateForm.TORCH, new StepFactor.Uniform(0, 2), "gaussian-diag", 1.2, 0.5);
        NoStationaryLawException e = assertThrows(NoStationaryLawException.class, () -> ExactStationary.solve(p));
        assertTrue(e.getMessage().contains("spectral radius"), e.getMessage());
        SgdProblem r = problem(UpdateForm.PAPER, new StepFactor.Constant(1), "regression", 3.0, 0.5);
        assertThrows(NoStationaryLawException.class, () -> ExactStationary.solve(r));
    }

    @Test
    void invalidProblemsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SgdProblem(
                UpdateForm.PAPER, 1.0, 0.1, new StepFactor.Constant(1), H_DIAG, new GradientNoise.Gaussian(SIGMA, 1)));
        assertTrue(e.getMessage().startsWith("momentum"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SgdProblem(UpdateForm.PAPER, 0.5, 0.1,
                new StepFactor.Constant(1), new double[][] {{1, 0.2}, {0.3, 1}}, new GradientNoise.Gaussian(SIGMA, 1)));
        assertTrue(e.getMessage().startsWith("hessian is not symmetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SgdProblem(UpdateForm.PAPER, 0.5, 0.1,
                new StepFactor.Constant(1), new double[][] {{1, 0}, {0, -1}}, new GradientNoise.Gaussian(SIGMA, 1)));
        assertTrue(e.getMessage().startsWith("hessian is not positive definite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GradientNoise.Gaussian(new double[][] {{-1}}, 1));
        assertTrue(e.getMessage().startsWith("noise.sigma is not a covariance"), e.getMessage());
    }

    /**
     * A periodic law given as its values over one period is the same law as the cosine it tabulates: the exact
     * stationary moments agree to 1e-12 relative, and kappa of the leading order to 1e-12.
     */
    @org.junit.jupiter.api.Test
    void periodicLawEqualsTheCosineItTabulates() {
        StepFactor.Cosine cos = new StepFactor.Cosine(4);
        double[] values = new double[cos.periodSteps()];
        for (int t = 0; t < values.length; t++) {
            values[t] = cos.deterministic(t);
        }
        StepFactor.Periodic periodic = new StepFactor.Periodic(values);
        for (UpdateForm form : UpdateForm.values()) {
            SgdProblem a = new SgdProblem(form, 0.8, 0.05, cos, new double[][] {{1, 0}, {0, 3}},
                    new GradientNoise.Gaussian(new double[][] {{1, 0}, {0, 2}}, 4));
            SgdProblem b = new SgdProblem(form, 0.8, 0.05, periodic, a.hessian(), a.noise());
            double[] xa = ExactStationary.solve(a).x2();
            double[] xb = ExactStationary.solve(b).x2();
            for (int i = 0; i < 2; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(xa[i], xb[i], 1e-12 * xa[i], form.id());
            }
            org.junit.jupiter.api.Assertions.assertEquals(LeadingOrder.kappa(form, cos, 0.8),
                    LeadingOrder.kappa(form, periodic, 0.8), 1e-12);
        }
    }

    /**
     * The paper's cyclic periods and beyond: half-periods up to 10^6 steps are solved (the step maps are not stored
     * and a vanished period map is not multiplied into subnormal numbers), and the periodic steady state converges as
     * the period grows.
     */
    @org.junit.jupiter.api.Test
    void cosinePeriodsOfAMillionStepsAreSolvedAndConverge() {
        double[][] h = {{2.0, 0.1}, {0.1, 0.5}};
        double[][] sigma = {{1.0, 0}, {0, 0.5}};
        double[] x2 = new double[2];
        int[] half = {200_000, 1_000_000};
        for (int k = 0; k < 2; k++) {
            SgdProblem p = new SgdProblem(UpdateForm.TORCH_NESTEROV, 0.9, 0.005, new StepFactor.Cosine(half[k]), h,
                    new GradientNoise.Gaussian(sigma, 256));
            x2[k] = ExactStationary.solve(p).x2()[0];
        }
        org.junit.jupiter.api.Assertions.assertEquals(x2[0], x2[1], 1e-3 * x2[1],
                "E[x_0^2] at half-periods 2e5 and 1e6 steps");
    }

    private static SgdProblem oneDimensional(double lr, double h, StepFactor f) {
        return new SgdProblem(UpdateForm.PAPER, 0.9, lr, f, new double[][] {{h}},
                new GradientNoise.Gaussian(new double[][] {{1.0}}, 1));
    }

    /**
     * Issue 22: a Hessian of 1e300 failed with a bare "convergence failed" and lr 1e-300 was called "too large"; the
     * overflow and the step below double precision are now said as they are.
     */
    @Test
    void overflowingAndVanishingStepsAreExplained() {
        String m = assertThrows(IllegalArgumentException.class, () -> oneDimensional(0.01, 1e300,
                new StepFactor.Constant(1))).getMessage();
        assertTrue(m.contains("hessian has an entry 1.0E300") && m.contains("beyond +-1.0E150"), m);
        m = assertThrows(NoStationaryLawException.class, () -> ExactStationary.solve(oneDimensional(1e10,
                1e150, new StepFactor.Constant(1)))).getMessage();
        assertTrue(m.contains("curvature 1.0E150") && m.contains("beyond double range")
                && !m.contains("convergence failed"), m);
        m = assertThrows(NoStationaryLawException.class, () -> ExactStationary.solve(oneDimensional(1e-300, 1,
                new StepFactor.Constant(1)))).getMessage();
        assertTrue(m.contains("spectral radius 1 to double precision") && m.contains("larger lr")
                && !m.contains("lr too large"), m);
        m = assertThrows(NoStationaryLawException.class, () -> ExactStationary.solve(oneDimensional(1e-300, 1,
                new StepFactor.Cosine(3)))).getMessage();
        assertTrue(m.contains("double precision"), m);
    }

    /** Issue 22: a cosine half period whose period overflows an int, or whose factors exceed the heap, is refused. */
    @Test
    void cosinePeriodsBeyondMemoryAreRefusedWithTheirSize() {
        String m = assertThrows(IllegalArgumentException.class, () -> new StepFactor.Cosine(1_073_741_824))
                .getMessage();
        assertTrue(m.contains("factor.halfPeriodSteps 1073741824 must be in [1, 1073741823]"), m);
        StepFactor.Cosine big = new StepFactor.Cosine(StepFactor.Cosine.MAX_HALF_PERIOD);
        if (8.0 * big.periodSteps() > Runtime.getRuntime().maxMemory()) {
            m = assertThrows(IllegalArgumentException.class, big::onePeriod).getMessage();
            assertTrue(m.contains("2,147,483,646 steps") && m.contains("17 GB of Java heap"), m);
        }
    }

    /** Issue 22: a billion chains once filled the heap; now refused with the need and the limit. */
    @Test
    void chainsBeyondTheHeapAreRefusedBeforeAllocating() {
        String m = assertThrows(IllegalArgumentException.class, () -> SgdSimulation.run(oneDimensional(0.01, 1,
                new StepFactor.Constant(1)), 2_000_000_000, 10, 1, 1)).getMessage();
        assertTrue(m.startsWith("--chains 2000000000") && m.contains("of Java heap, more than"), m);
    }
}
