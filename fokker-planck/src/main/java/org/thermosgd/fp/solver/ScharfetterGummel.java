package org.thermosgd.fp.solver;

/**
 * The exponentially fitted flux between two cells for J = u p - D dp/dx with u constant on the interface:
 * J = (D / h) (B(-Pe) p_left - B(Pe) p_right), Pe = u h / D, B(z) = z / (e^z - 1). It reduces to upwinding when
 * drift dominates and to central differences when diffusion does, and keeps the generator an M-matrix.
 */
final class ScharfetterGummel {
    private ScharfetterGummel() {
    }

    static double bernoulli(double z) {
        double az = Math.abs(z);
        if (az < 1e-6) {
            return 1 - z / 2 + z * z / 12;
        }
        if (z > 700) {
            return z * Math.exp(-z);
        }
        return z / Math.expm1(z);
    }

    /**
     * Adds the flux between cells l and r (indices into the state) to the generator A (dp/dt = A p, cell averages):
     * the flux leaves l and enters r, each divided by the cell width.
     */
    static double[] addFlux(BandedMatrix a, int l, int r, double u, double d, double h) {
        double wl;
        double wr;
        if (d == 0) {
            wl = Math.max(u, 0);
            wr = Math.max(-u, 0);
        } else {
            double pe = u * h / d;
            wl = d / h * bernoulli(-pe);
            wr = d / h * bernoulli(pe);
        }
        // J = wl p_l - wr p_r; dp_l/dt -= J / h; dp_r/dt += J / h
        a.add(l, l, -wl / h);
        a.add(l, r, wr / h);
        a.add(r, l, wl / h);
        a.add(r, r, -wr / h);
        return new double[] {wl, wr};
    }
}
