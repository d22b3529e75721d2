package org.thermosgd.fp.solver;

import java.util.function.ToDoubleFunction;
import org.thermosgd.sde.potential.Potential;

/**
 * A finite-volume Fokker-Planck generator dp/dt = A p on a tensor grid of cell averages, with reflecting (zero-flux)
 * boundaries: exactly conservative (every column of A sums to zero) and positivity preserving (A is an M-matrix
 * generator: non-negative off-diagonals). Diffusive fluxes use the exponentially fitted Scharfetter-Gummel form;
 * pure transport (the x-direction of the kinetic equation) is upwinded.
 * <ul>
 *   <li>overdamped (Smoluchowski), 1-D and 2-D: dX = -grad f dt + sqrt(2T) dW, stationary law exp(-f/T);</li>
 *   <li>kinetic (Kramers) in phase space (x, v), 1-D: dX = V dt, dV = -gamma V dt - k f'(X) dt + sqrt(2 gamma T) dW,
 *       stationary law exp(-(v^2/2 + k f(x)) / T).</li>
 * </ul>
 * States are ordered with the last coordinate fastest (index = i * n2 + j).
 */
public final class FokkerPlanck {
    private final String kind;
    private final Grid[] grids;
    private final BandedMatrix generator;
    private final ToDoubleFunction<double[]> energy;
    private final double temperature;
    private final Faces faces;

    /** The interfaces between neighbouring cells with their flux weights: J = wl p_l - wr p_r. */
    static final class Faces {
        final java.util.List<int[]> cells = new java.util.ArrayList<>();
        final java.util.List<double[]> weights = new java.util.ArrayList<>();
        final java.util.List<Integer> axis = new java.util.ArrayList<>();

        void add(int l, int r, int ax, double[] w) {
            cells.add(new int[] {l, r});
            weights.add(w);
            axis.add(ax);
        }
    }

    private FokkerPlanck(String kind, Grid[] grids, BandedMatrix generator, ToDoubleFunction<double[]> energy,
                         double temperature, Faces faces) {
        this.kind = kind;
        this.grids = grids;
        this.generator = generator;
        this.energy = energy;
        this.temperature = temperature;
        this.faces = faces;
    }

    /**
     * Probability currents through every interior face for the density p, as rows {axis, left cell, right cell,
     * current}; the current is per unit face area (probability per unit time per unit length of the other axes),
     * positive from left to right along the axis.
     */
    public double[][] currents(double[] p) {
        double[][] out = new double[faces.cells.size()][];
        for (int f = 0; f < out.length; f++) {
            int[] c = faces.cells.get(f);
            double[] w = faces.weights.get(f);
            out[f] = new double[] {faces.axis.get(f), c[0], c[1], w[0] * p[c[0]] - w[1] * p[c[1]]};
        }
        return out;
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " " + v + " must be positive");
        }
    }

    /** 1-D Smoluchowski equation for a 1-D potential at temperature T. */
    public static FokkerPlanck overdamped(Potential f, double temperature, Grid g) {
        requireDimension(f, 1);
        requirePositive("temperature", temperature);
        int n = g.cells();
        BandedMatrix a = new BandedMatrix(n, 1, 1);
        double h = g.h();
        double[] x = new double[1];
        double[] fv = new double[n];
        for (int i = 0; i < n; i++) {
            x[0] = g.centre(i);
            fv[i] = f.value(x);
        }
        Faces faces = new Faces();
        for (int i = 0; i + 1 < n; i++) {
            double u = -(fv[i + 1] - fv[i]) / h;
            faces.add(i, i + 1, 0, ScharfetterGummel.addFlux(a, i, i + 1, u, temperature, h));
        }
        return new FokkerPlanck("overdamped-1d", new Grid[] {g}, a, c -> f.value(c), temperature, faces);
    }

    /** 2-D Smoluchowski equation for a 2-D potential at temperature T. */
    public static FokkerPlanck overdamped(Potential f, double temperature, Grid gx, Grid gy) {
        requireDimension(f, 2);
        requirePositive("temperature", temperature);
        int nx = gx.cells();
        int ny = gy.cells();
        BandedMatrix a = new BandedMatrix(nx * ny, ny, ny);
        double[] p = new double[2];
        double[][] fv = new double[nx][ny];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                p[0] = gx.centre(i);
                p[1] = gy.centre(j);
                fv[i][j] = f.value(p);
            }
        }
        Faces faces = new Faces();
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                int k = i * ny + j;
                if (i + 1 < nx) {
                    faces.add(k, k + ny, 0, ScharfetterGummel.addFlux(a, k, k + ny,
                            -(fv[i + 1][j] - fv[i][j]) / gx.h(), temperature, gx.h()));
                }
                if (j + 1 < ny) {
                    faces.add(k, k + 1, 1, ScharfetterGummel.addFlux(a, k, k + 1,
                            -(fv[i][j + 1] - fv[i][j]) / gy.h(), temperature, gy.h()));
                }
            }
        }
        return new FokkerPlanck("overdamped-2d", new Grid[] {gx, gy}, a, c -> f.value(c), temperature, faces);
    }

    /** Kramers equation in (x, v) for a 1-D potential, friction gamma, temperature T, force scale k. */
    public static FokkerPlanck kinetic(Potential f, double gamma, double temperature, double forceScale, Grid gx,
                                       Grid gv) {
        requireDimension(f, 1);
        requirePositive("gamma", gamma);
        requirePositive("temperature", temperature);
        requirePositive("force scale", forceScale);
        int nx = gx.cells();
        int nv = gv.cells();
        BandedMatrix a = new BandedMatrix(nx * nv, nv, nv);
        double[] x = new double[1];
        double[] grad = new double[1];
        double diffusion = gamma * temperature;
        Faces faces = new Faces();
        for (int i = 0; i < nx; i++) {
            x[0] = gx.centre(i);
            f.gradient(x, grad);
            double force = forceScale * grad[0];
            for (int j = 0; j < nv; j++) {
                int k = i * nv + j;
                if (i + 1 < nx) {
                    faces.add(k, k + nv, 0, ScharfetterGummel.addFlux(a, k, k + nv, gv.centre(j), 0, gx.h()));
                }
                if (j + 1 < nv) {
                    double u = -(gamma * gv.face(j) + force);
                    faces.add(k, k + 1, 1, ScharfetterGummel.addFlux(a, k, k + 1, u, diffusion, gv.h()));
                }
            }
        }
        return new FokkerPlanck("kinetic", new Grid[] {gx, gv}, a, c -> {
            x[0] = c[0];
            return 0.5 * c[1] * c[1] + forceScale * f.value(x);
        }, temperature, faces);
    }

    private static void requireDimension(Potential f, int d) {
        if (f.dimension() != d) {
            throw new IllegalArgumentException("potential has dimension " + f.dimension() + ", expected " + d);
        }
    }

    public String kind() {
        return kind;
    }

    public Grid[] grids() {
        return grids.clone();
    }

    public BandedMatrix generator() {
        return generator;
    }

    public int size() {
        return generator.size();
    }

    /** Volume of one cell (product of the grid steps). */
    public double cellVolume() {
        double v = 1;
        for (Grid g : grids) {
            v *= g.h();
        }
        return v;
    }

    /** Coordinates of the centre of state k. */
    public double[] centre(int k) {
        if (grids.length == 1) {
            return new double[] {grids[0].centre(k)};
        }
        int n2 = grids[1].cells();
        return new double[] {grids[0].centre(k / n2), grids[1].centre(k % n2)};
    }

    public double temperature() {
        return temperature;
    }

    /**
     * The Boltzmann density exp(-H/T)/Z at the cell centres, Z from the same centres (so it sums to 1 over the grid
     * with the cell volume) - the reference the stationary solution is compared with.
     */
    public double[] boltzmann() {
        int n = size();
        double[] q = new double[n];
        double min = Double.POSITIVE_INFINITY;
        double[] e = new double[n];
        for (int k = 0; k < n; k++) {
            e[k] = energy.applyAsDouble(centre(k)) / temperature;
            min = Math.min(min, e[k]);
        }
        double z = 0;
        for (int k = 0; k < n; k++) {
            q[k] = Math.exp(-(e[k] - min));
            z += q[k];
        }
        for (int k = 0; k < n; k++) {
            q[k] /= z * cellVolume();
        }
        return q;
    }

    /**
     * Cell averages of the exact Boltzmann density exp(-H/T)/Z (Z the integral over the domain), by the midpoint rule
     * on {@code refine} sub-cells per axis: the continuous law that the cell averages of the solution converge to.
     */
    public double[] boltzmannExact(int refine) {
        int n = size();
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            min = Math.min(min, energy.applyAsDouble(centre(k)) / temperature);
        }
        double[] avg = new double[n];
        double z = 0;
        double[] c = new double[grids.length];
        int sub = grids.length == 1 ? refine : refine * refine;
        for (int k = 0; k < n; k++) {
            double[] centre = centre(k);
            double s = 0;
            for (int q = 0; q < sub; q++) {
                for (int d = 0; d < grids.length; d++) {
                    int idx = d == grids.length - 1 ? q % refine : q / refine;
                    c[d] = centre[d] - grids[d].h() / 2 + (idx + 0.5) * grids[d].h() / refine;
                }
                s += Math.exp(-(energy.applyAsDouble(c) / temperature - min));
            }
            avg[k] = s / sub;
            z += avg[k] * cellVolume();
        }
        for (int k = 0; k < n; k++) {
            avg[k] /= z;
        }
        return avg;
    }

    /** Total probability sum_k p_k * cell volume. */
    public double mass(double[] p) {
        double s = 0;
        for (double v : p) {
            s += v;
        }
        return s * cellVolume();
    }
}
