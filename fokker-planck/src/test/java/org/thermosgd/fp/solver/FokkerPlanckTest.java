package org.thermosgd.fp.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.thermosgd.sde.observable.LogLogSlope;
import org.thermosgd.sde.potential.DoubleWellPotential;
import org.thermosgd.sde.potential.Potential;
import org.thermosgd.sde.potential.QuadraticPotential;

@Tag("slow")
class FokkerPlanckTest {
    @Test
    void overdampedStationaryConvergesToBoltzmannAtSecondOrder() {
        Potential f = DoubleWellPotential.of(1, 1.0, 1.0);
        int[] cells = {40, 80, 160, 320};
        double[] h = new double[cells.length];
        double[] err = new double[cells.length];
        for (int c = 0; c < cells.length; c++) {
            FokkerPlanck fp = FokkerPlanck.overdamped(f, 0.4, new Grid(-2.5, 2.5, cells[c]));
            FokkerPlanckSolver s = new FokkerPlanckSolver(fp);
            double[] p = s.stationary();
            h[c] = fp.grids()[0].h();
            err[c] = s.l1(p, fp.boltzmannExact(8));
            // exponential fitting makes the discrete law exactly Boltzmann at the centres
            assertTrue(s.l1(p, fp.boltzmann()) < 1e-10, "discrete Boltzmann " + s.l1(p, fp.boltzmann()));
        }
        double order = LogLogSlope.of(h, err);
        System.out.println("overdamped 1-D: L1 errors " + java.util.Arrays.toString(err) + ", order " + order);
        assertTrue(order > 1.8 && order < 2.2, "fitted order " + order);
    }

    @Test
    void kineticStationaryConvergesToBoltzmann() {
        Potential f = QuadraticPotential.diagonal(1.0);
        int[] cells = {24, 48, 96, 192};
        double[] h = new double[cells.length];
        double[] err = new double[cells.length];
        for (int c = 0; c < cells.length; c++) {
            FokkerPlanck fp = FokkerPlanck.kinetic(f, 1.0, 0.5, 1.0, new Grid(-3.5, 3.5, cells[c]),
                    new Grid(-3.5, 3.5, cells[c]));
            FokkerPlanckSolver s = new FokkerPlanckSolver(fp);
            double[] p = s.stationary();
            h[c] = fp.grids()[0].h();
            err[c] = s.l1(p, fp.boltzmannExact(4));
        }
        double order = LogLogSlope.of(h, err);
        System.out.println("kinetic: L1 errors " + java.util.Arrays.toString(err) + ", order " + order);
        // Fromm's second-order transport in x (defect correction): order 2, tolerance band [1.8, 2.4]
        assertTrue(order > 1.8 && order < 2.4, "fitted order " + order);
        assertTrue(err[cells.length - 1] < 1e-3, "L1 error " + err[cells.length - 1]);
    }

    @Test
    void probabilityIsConservedAndPositiveThroughTimeStepping() {
        FokkerPlanck[] problems = {
                FokkerPlanck.overdamped(DoubleWellPotential.of(1, 1.0, 1.0), 0.3, new Grid(-2, 2, 200)),
                FokkerPlanck.overdamped(QuadraticPotential.of(new double[][] {{2, 0.5}, {0.5, 1}}), 0.5,
                        new Grid(-3, 3, 60), new Grid(-3, 3, 60)),
                FokkerPlanck.kinetic(DoubleWellPotential.of(1, 1.0, 1.0), 0.5, 0.4, 1.0, new Grid(-2.5, 2.5, 80),
                        new Grid(-3, 3, 80))};
        for (FokkerPlanck fp : problems) {
            double[] colSums = fp.generator().columnSums();
            for (double c : colSums) {
                assertEquals(0, c, 1e-9 * Math.abs(fp.generator().get(0, 0)) + 1e-12);
            }
            int n = fp.size();
            double[] p = new double[n];
            p[n / 3] = 1 / fp.cellVolume();
            FokkerPlanckSolver.Implicit stepper = new FokkerPlanckSolver(fp).implicit(0.05);
            for (int t = 0; t < 100; t++) {
                stepper.step(p);
            }
            assertEquals(1.0, fp.mass(p), 1e-12, fp.kind() + " mass");
            for (double v : p) {
                assertTrue(v >= -1e-15, fp.kind() + " negative density " + v);
            }
        }
    }

    @Test
    void harmonicRelaxationRatesMatchTheirEigenvalues() {
        // overdamped OU with curvature 2: spectrum -2n
        FokkerPlanck ou = FokkerPlanck.overdamped(QuadraticPotential.diagonal(2.0), 0.5, new Grid(-3, 3, 400));
        double r1 = new FokkerPlanckSolver(ou).relaxationRate();
        assertEquals(2.0, r1, 0.01 * 2.0, "overdamped rate");
        // Kramers, harmonic, overdamped regime: slowest rate gamma/2 - sqrt(gamma^2/4 - k h)
        double gamma = 3.0;
        FokkerPlanck kr = FokkerPlanck.kinetic(QuadraticPotential.diagonal(1.0), gamma, 0.5, 1.0,
                new Grid(-4, 4, 120), new Grid(-4, 4, 120));
        double expected = gamma / 2 - Math.sqrt(gamma * gamma / 4 - 1.0);
        double r2 = new FokkerPlanckSolver(kr).relaxationRate();
        System.out.println("relaxation rates: overdamped " + r1 + " (exact 2), kinetic " + r2 + " (exact " + expected
                + ")");
        assertEquals(expected, r2, 0.03 * expected, "kinetic rate");
    }

    /**
     * Stationary currents: zero through every face of the overdamped problem (detailed balance); in phase space the
     * x-current v P is not zero but circulates, so its divergence vanishes.
     */
    @Test
    void stationaryCurrents() {
        FokkerPlanck od = FokkerPlanck.overdamped(DoubleWellPotential.of(1, 1.0, 1.0), 0.4, new Grid(-2.5, 2.5, 200));
        double[] p = new FokkerPlanckSolver(od).stationary();
        for (double[] j : od.currents(p)) {
            assertEquals(0, j[3], 1e-9, "overdamped face current");
        }
        FokkerPlanck kin = FokkerPlanck.kinetic(QuadraticPotential.diagonal(1.0), 1.0, 0.5, 1.0,
                new Grid(-3.5, 3.5, 40), new Grid(-3.5, 3.5, 40));
        double[] pk = new FokkerPlanckSolver(kin).stationary();
        double[] divergence = new double[kin.size()];
        double maxX = 0;
        for (double[] j : kin.currents(pk)) {
            double h = kin.grids()[(int) j[0]].h();
            divergence[(int) j[1]] += j[3] / h;
            divergence[(int) j[2]] -= j[3] / h;
            if (j[0] == 0) {
                maxX = Math.max(maxX, Math.abs(j[3]));
            }
        }
        assertTrue(maxX > 1e-3, "phase-space circulation " + maxX);
        for (double d : divergence) {
            assertEquals(0, d, 1e-9 * maxX * 40);
        }
    }
}
