package org.thermosgd.fp.solver;

import java.util.function.ToDoubleFunction;
import org.thermosgd.sde.potential.Potential;

/**
 * A finite-volume Fokker-Planck generator dp/dt = A p on a tensor grid of cell averages, with reflecting (zero-flux)
 * or periodic boundaries per axis ({@link Grid#periodic}): exactly conservative (every column of A sums to zero)
 * and positivity preserving (A is an M-matrix generator: non-negative off-diagonals). Diffusive fluxes use the
 * exponentially fitted Scharfetter-Gummel form; pure transport (the x-direction of the kinetic equation) is
 * upwinded in A, and the stationary solve adds Fromm's second-order correction ({@link #correction}), which
 * first-order upwinding needs at high friction, where its numerical diffusion |v| h / 2 swamps the physical
 * x-diffusion T / gamma.
 * <ul>
 *   <li>overdamped (Smoluchowski), 1-D and 2-D: dX = -grad f dt + sqrt(2T) dW, stationary law exp(-f/T);</li>
 *   <li>kinetic (Kramers) in phase space (x, v), 1-D: dX = V dt, dV = -gamma V dt - k f'(X) dt + sqrt(2 gamma T) dW,
 *       stationary law exp(-(v^2/2 + k f(x)) / T).</li>
 * </ul>
 * States are ordered with the last coordinate fastest (index = position(i) * n2 + position(j)), where the position
 * along a reflecting axis is the cell index and along a periodic axis the folded order of {@link Grid#position};
 * use {@link #index}, {@link #cell} and {@link #centre} rather than index arithmetic. On a periodic axis the drift
 * across the wrap-around face uses f at the periodic image of the first cell, f(x_0 + L), so a tilted periodic
 * potential (periodic gradient) is handled as well as a periodic one.
 */
public final class FokkerPlanck {
    private final String kind;
    private final Grid[] grids;
    private final BandedMatrix generator;
    private final ToDoubleFunction<double[]> energy;
    private final double temperature;
    private final Faces faces;

    /**
     * The interfaces between neighbouring cells with their flux weights, J = wl p_l - wr p_r, plus for the
     * second-order transport of the kinetic equation a correction c1 p_a + c2 p_b (cells a, b) per face.
     */
    static final class Faces {
        final java.util.List<int[]> cells = new java.util.ArrayList<>();
        final java.util.List<double[]> weights = new java.util.ArrayList<>();
        final java.util.List<Integer> axis = new java.util.ArrayList<>();
        final java.util.Map<Integer, double[]> corrections = new java.util.HashMap<>();

        int add(int l, int r, int ax, double[] w) {
            cells.add(new int[] {l, r});
            weights.add(w);
            axis.add(ax);
            return cells.size() - 1;
        }
    }

    private final BandedMatrix correction;

    private FokkerPlanck(String kind, Grid[] grids, BandedMatrix generator, ToDoubleFunction<double[]> energy,
                         double temperature, Faces faces, BandedMatrix correction) {
        this.kind = kind;
        this.grids = grids;
        this.generator = generator;
        this.energy = energy;
        this.temperature = temperature;
        this.faces = faces;
        this.correction = correction;
    }

    /**
     * The second-order part of the generator, or null: A2 = A + C is the second-order operator whose null vector
     * {@link FokkerPlanckSolver#stationary} finds by defect correction (A itself stays the first-order M-matrix used
     * for time stepping and the relaxation rate).
     */
    public BandedMatrix correction() {
        return correction;
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
            double j = w[0] * p[c[0]] - w[1] * p[c[1]];
            double[] corr = faces.corrections.get(f);
            if (corr != null) {
                j += corr[1] * p[(int) corr[0]] + corr[3] * p[(int) corr[2]];
            }
            out[f] = new double[] {faces.axis.get(f), c[0], c[1], j};
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
        BandedMatrix a = new BandedMatrix(n, g.reach(), g.reach());
        double h = g.h();
        double[] x = new double[1];
        double[] fv = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            x[0] = i < n ? g.centre(i) : g.centre(0) + (g.hi() - g.lo());
            fv[i] = f.value(x);
        }
        Faces faces = new Faces();
        for (int i = 0; i < n; i++) {
            if (i + 1 < n || g.periodic()) {
                int l = g.position(i);
                int r = g.position((i + 1) % n);
                double u = -(fv[i + 1] - fv[i]) / h;
                faces.add(l, r, 0, ScharfetterGummel.addFlux(a, l, r, u, temperature, h));
            }
        }
        return new FokkerPlanck("overdamped-1d", new Grid[] {g}, a, c -> f.value(c), temperature, faces, null);
    }

    /** 2-D Smoluchowski equation for a 2-D potential at temperature T. */
    public static FokkerPlanck overdamped(Potential f, double temperature, Grid gx, Grid gy) {
        requireDimension(f, 2);
        requirePositive("temperature", temperature);
        int nx = gx.cells();
        int ny = gy.cells();
        int band = Math.max(gx.reach() * ny, gy.reach());
        BandedMatrix a = new BandedMatrix(nx * ny, band, band);
        double[] p = new double[2];
        // one extra row and column: f at the periodic images x_0 + Lx and y_0 + Ly
        double[][] fv = new double[nx + 1][ny + 1];
        for (int i = 0; i <= nx; i++) {
            for (int j = 0; j <= ny; j++) {
                p[0] = i < nx ? gx.centre(i) : gx.centre(0) + (gx.hi() - gx.lo());
                p[1] = j < ny ? gy.centre(j) : gy.centre(0) + (gy.hi() - gy.lo());
                fv[i][j] = f.value(p);
            }
        }
        Faces faces = new Faces();
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                int k = gx.position(i) * ny + gy.position(j);
                if (i + 1 < nx || gx.periodic()) {
                    int r = gx.position((i + 1) % nx) * ny + gy.position(j);
                    faces.add(k, r, 0, ScharfetterGummel.addFlux(a, k, r, -(fv[i + 1][j] - fv[i][j]) / gx.h(),
                            temperature, gx.h()));
                }
                if (j + 1 < ny || gy.periodic()) {
                    int r = gx.position(i) * ny + gy.position((j + 1) % ny);
                    faces.add(k, r, 1, ScharfetterGummel.addFlux(a, k, r, -(fv[i][j + 1] - fv[i][j]) / gy.h(),
                            temperature, gy.h()));
                }
            }
        }
        return new FokkerPlanck("overdamped-2d", new Grid[] {gx, gy}, a, c -> f.value(c), temperature, faces, null);
    }

    /** Kramers equation in (x, v) for a 1-D potential, friction gamma, temperature T, force scale k. */
    public static FokkerPlanck kinetic(Potential f, double gamma, double temperature, double forceScale, Grid gx,
                                       Grid gv) {
        requireDimension(f, 1);
        requirePositive("gamma", gamma);
        requirePositive("temperature", temperature);
        requirePositive("force scale", forceScale);
        if (gv.periodic()) {
            throw new IllegalArgumentException("the velocity grid cannot be periodic (only x can)");
        }
        int nx = gx.cells();
        int nv = gv.cells();
        BandedMatrix a = new BandedMatrix(nx * nv, gx.reach() * nv, gx.reach() * nv);
        BandedMatrix corr = new BandedMatrix(nx * nv, 2 * gx.reach() * nv, 2 * gx.reach() * nv);
        double[] x = new double[1];
        double[] grad = new double[1];
        double diffusion = gamma * temperature;
        Faces faces = new Faces();
        for (int i = 0; i < nx; i++) {
            x[0] = gx.centre(i);
            f.gradient(x, grad);
            double force = forceScale * grad[0];
            for (int j = 0; j < nv; j++) {
                int k = gx.position(i) * nv + j;
                if (i + 1 < nx || gx.periodic()) {
                    int r = gx.position((i + 1) % nx) * nv + j;
                    int face = faces.add(k, r, 0, ScharfetterGummel.addFlux(a, k, r, gv.centre(j), 0, gx.h()));
                    fromm(corr, faces, face, gx, nv, i, j, gv.centre(j));
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
        }, temperature, faces, corr);
    }

    /**
     * Fromm's second-order correction to the upwind transport flux v p through the x-face between cells i and i + 1
     * (velocity row j): for v > 0 the flux v (p_i + (p_{i+1} - p_{i-1}) / 4), for v < 0 v (p_{i+1} - (p_{i+2} -
     * p_i) / 4). Next to a reflecting wall, where the far cell does not exist, the face keeps the upwind flux.
     */
    private static void fromm(BandedMatrix corr, Faces faces, int face, Grid gx, int nv, int i, int j, double v) {
        int nx = gx.cells();
        int far = v > 0 ? i - 1 : i + 2;
        int near = v > 0 ? i + 1 : i;
        if (v == 0 || (!gx.periodic() && (far < 0 || far >= nx))) {
            return;
        }
        int kl = gx.position(i) * nv + j;
        int kr = gx.position((i + 1) % nx) * nv + j;
        int kNear = gx.position(Math.floorMod(near, nx)) * nv + j;
        int kFar = gx.position(Math.floorMod(far, nx)) * nv + j;
        // correction flux dF = c (p_near - p_far) with c = v / 4 (signed) in both cases
        double c = v / 4;
        double h = gx.h();
        corr.add(kl, kNear, -c / h);
        corr.add(kl, kFar, c / h);
        corr.add(kr, kNear, c / h);
        corr.add(kr, kFar, -c / h);
        faces.corrections.put(face, new double[] {kNear, c, kFar, -c});
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

    /** Cell indices (one per axis, each 0..n-1 from lo to hi) of state k. */
    public int[] cell(int k) {
        if (grids.length == 1) {
            return new int[] {grids[0].cellAt(k)};
        }
        int n2 = grids[1].cells();
        return new int[] {grids[0].cellAt(k / n2), grids[1].cellAt(k % n2)};
    }

    /** The state index of a cell (one index per axis, each 0..n-1 from lo to hi). */
    public int index(int... cell) {
        if (cell.length != grids.length) {
            throw new IllegalArgumentException(cell.length + " cell indices for a " + grids.length + "-D grid");
        }
        return grids.length == 1 ? grids[0].position(cell[0])
                : grids[0].position(cell[0]) * grids[1].cells() + grids[1].position(cell[1]);
    }

    /** Coordinates of the centre of state k. */
    public double[] centre(int k) {
        int[] c = cell(k);
        return grids.length == 1 ? new double[] {grids[0].centre(c[0])}
                : new double[] {grids[0].centre(c[0]), grids[1].centre(c[1])};
    }

    /**
     * Mean probability current along axis 0 (x): the sum over all x-faces of the current times the face area
     * (the other axis's step), divided by the number of x-faces per row, i.e. the flux through one cross-section
     * averaged over the cross-sections (probability per unit time). At stationarity on a periodic x axis it is the
     * same through every cross-section; with reflecting walls it vanishes.
     */
    public double meanCurrentX(double[] p) {
        double s = 0;
        int facesPerRow = grids[0].cells() - (grids[0].periodic() ? 0 : 1);
        double area = grids.length == 1 ? 1 : grids[1].h();
        for (double[] j : currents(p)) {
            if (j[0] == 0) {
                s += j[3] * area;
            }
        }
        return s / facesPerRow;
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
