package org.thermosgd.fp.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.thermosgd.sde.observable.LogLogSlope;
import org.thermosgd.sde.potential.Potential;
import org.thermosgd.sde.potential.WashboardPotential;

class PeriodicBoundaryTest {
    static final double L = 2 * Math.PI;

    @Test
    void foldedOrderIsABijectionWithNeighboursAtMostTwoApart() {
        for (int n : new int[] {8, 9, 31}) {
            Grid g = Grid.periodic(0, 1, n);
            boolean[] seen = new boolean[n];
            for (int i = 0; i < n; i++) {
                int p = g.position(i);
                seen[p] = true;
                assertEquals(i, g.cellAt(p));
                assertTrue(Math.abs(g.position((i + 1) % n) - p) <= 2, "neighbours " + i + ", " + (i + 1) % n);
            }
            for (boolean s : seen) {
                assertTrue(s);
            }
        }
    }

    /** Untilted cosine on a circle: the stationary law is Boltzmann (second order), with no current. */
    @Test
    void periodicPotentialRelaxesToBoltzmannWithoutCurrent() {
        Potential f = WashboardPotential.of(1.0, L, 0);
        int[] cells = {32, 64, 128, 256};
        double[] h = new double[cells.length];
        double[] err = new double[cells.length];
        for (int c = 0; c < cells.length; c++) {
            FokkerPlanck fp = FokkerPlanck.overdamped(f, 0.5, Grid.periodic(0, L, cells[c]));
            FokkerPlanckSolver s = new FokkerPlanckSolver(fp);
            double[] p = s.stationary();
            h[c] = fp.grids()[0].h();
            err[c] = s.l1(p, fp.boltzmannExact(8));
            assertEquals(1.0, fp.mass(p), 1e-12);
            assertEquals(0.0, fp.meanCurrentX(p), 1e-12);
        }
        double order = LogLogSlope.of(h, err);
        System.out.println("periodic 1-D Boltzmann: L1 errors " + java.util.Arrays.toString(err) + ", order " + order);
        assertTrue(order > 1.8 && order < 2.2, "fitted order " + order);
    }

    /**
     * Tilted washboard: a non-equilibrium steady state. The current is the same through every face and matches
     * Stratonovich's formula; the density converges to the exact one at second order.
     */
    @Test
    void tiltedWashboardCarriesTheExactStationaryCurrent() {
        double temperature = 0.5;
        Potential f = WashboardPotential.of(1.0, L, 0.6);
        PeriodicSmoluchowski exact = PeriodicSmoluchowski.of(f, temperature, 0, L, 4000);
        assertEquals(0.6, exact.tilt(), 1e-12);
        int[] cells = {32, 64, 128, 256};
        double[] h = new double[cells.length];
        double[] err = new double[cells.length];
        double[] currentErr = new double[cells.length];
        for (int c = 0; c < cells.length; c++) {
            FokkerPlanck fp = FokkerPlanck.overdamped(f, temperature, Grid.periodic(0, L, cells[c]));
            FokkerPlanckSolver s = new FokkerPlanckSolver(fp);
            double[] p = s.stationary();
            double[][] j = fp.currents(p);
            assertEquals(cells[c], j.length, "every face, including the wrap-around one");
            for (double[] face : j) {
                assertEquals(j[0][3], face[3], 1e-10 * Math.abs(j[0][3]), "divergence-free current");
            }
            double l1 = 0;
            for (int k = 0; k < fp.size(); k++) {
                l1 += Math.abs(p[k] - exact.density(fp.centre(k)[0])) * fp.cellVolume();
            }
            h[c] = fp.grids()[0].h();
            err[c] = l1;
            currentErr[c] = Math.abs(fp.meanCurrentX(p) / exact.current() - 1);
        }
        double order = LogLogSlope.of(h, err);
        System.out.println("tilted washboard: J exact " + exact.current() + ", relative current errors "
                + java.util.Arrays.toString(currentErr) + ", density L1 " + java.util.Arrays.toString(err)
                + ", order " + order);
        assertTrue(exact.current() > 0, "a positive tilt drives the current towards +x");
        assertTrue(order > 1.8 && order < 2.2, "fitted order " + order);
        assertTrue(currentErr[cells.length - 1] < 1e-3, "current relative error " + currentErr[cells.length - 1]);
    }

    /**
     * Kramers equation on a circle: converges to Boltzmann in (x, v) for the untilted cosine at second order (Fromm
     * transport by defect correction; band [1.8, 2.4]), with no mean current; mass is kept through implicit steps.
     */
    @Test
    void kineticOnACircleRelaxesToBoltzmannAndConservesMass() {
        Potential f = WashboardPotential.of(1.0, L, 0);
        int[] cells = {24, 48, 96};
        double[] h = new double[cells.length];
        double[] err = new double[cells.length];
        FokkerPlanck fp = null;
        FokkerPlanckSolver s = null;
        for (int c = 0; c < cells.length; c++) {
            fp = FokkerPlanck.kinetic(f, 1.0, 0.5, 1.0, Grid.periodic(0, L, cells[c]), new Grid(-3.5, 3.5, cells[c]));
            s = new FokkerPlanckSolver(fp);
            double[] p = s.stationary();
            h[c] = fp.grids()[0].h();
            err[c] = s.l1(p, fp.boltzmannExact(4));
            assertEquals(0.0, fp.meanCurrentX(p), 1e-9);
        }
        double order = LogLogSlope.of(h, err);
        System.out.println("kinetic on a circle: L1 errors " + java.util.Arrays.toString(err) + ", order " + order);
        assertTrue(order > 1.8 && order < 2.4, "fitted order " + order);
        double[] q = new double[fp.size()];
        q[fp.index(10, 48)] = 1 / fp.cellVolume();
        FokkerPlanckSolver.Implicit step = s.implicit(0.05);
        for (int t = 0; t < 100; t++) {
            step.step(q);
        }
        assertEquals(1.0, fp.mass(q), 1e-12);
        for (double v : q) {
            assertTrue(v >= 0, "negative density " + v);
        }
        // a tilt drives a positive mean current around the circle
        FokkerPlanck tilted = FokkerPlanck.kinetic(WashboardPotential.of(1.0, L, 0.5), 1.0, 0.5, 1.0,
                Grid.periodic(0, L, 64), new Grid(-4, 4, 64));
        assertTrue(tilted.meanCurrentX(new FokkerPlanckSolver(tilted).stationary()) > 0);
    }

    /** 2-D Smoluchowski, periodic in both axes: Boltzmann for a separable cosine. */
    @Test
    void twoDimensionalTorus() {
        Potential f = new Potential() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double value(double[] x) {
                return (1 - Math.cos(x[0])) + 0.5 * (1 - Math.cos(x[1])) + 0.3 * (1 - Math.cos(x[0] - x[1]));
            }

            @Override
            public void gradient(double[] x, double[] out) {
                out[0] = Math.sin(x[0]) + 0.3 * Math.sin(x[0] - x[1]);
                out[1] = 0.5 * Math.sin(x[1]) - 0.3 * Math.sin(x[0] - x[1]);
            }
        };
        FokkerPlanck fp = FokkerPlanck.overdamped(f, 0.5, Grid.periodic(0, L, 48), Grid.periodic(0, L, 40));
        FokkerPlanckSolver s = new FokkerPlanckSolver(fp);
        double[] p = s.stationary();
        assertTrue(s.l1(p, fp.boltzmann()) < 1e-9, "discrete Boltzmann " + s.l1(p, fp.boltzmann()));
        assertTrue(s.l1(p, fp.boltzmannExact(4)) < 5e-3, "L1 " + s.l1(p, fp.boltzmannExact(4)));
        int k = fp.index(47, 3);
        assertEquals(47, fp.cell(k)[0]);
        assertEquals(3, fp.cell(k)[1]);
    }
}
