package org.thermosgd.validation.fp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thermosgd.fp.solver.FokkerPlanck;
import org.thermosgd.fp.solver.FokkerPlanckSolver;
import org.thermosgd.fp.solver.Grid;
import org.thermosgd.fp.solver.PeriodicSmoluchowski;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Json;
import org.thermosgd.run.Provenance;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.sde.potential.DoubleWellPotential;
import org.thermosgd.sde.potential.Potential;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.potential.WashboardPotential;
import org.thermosgd.validation.run.RunFigures;
import org.thermosgd.validation.run.RunSupport;

/**
 * {@code thermosgd fp solve}: the stationary density of a Fokker-Planck equation on a grid, its L1 and KL distance to
 * Boltzmann (or, for the tilted washboard, to Stratonovich's exact steady state), the mean probability current and
 * the relaxation rate, written to a run directory with the density figure.
 */
public final class FokkerPlanckSolve {
    /**
     * @param kinetic   Kramers equation in (x, v) instead of Smoluchowski in x
     * @param potential quadratic (f = h x^2/2), double-well (f = B ((x/a)^2 - 1)^2) or washboard
     *                  (f = A (1 - cos(2 pi x/L)) - F x on [0, L), periodic)
     * @param grid      NX (overdamped) or NXxNV (kinetic); null for the defaults 400 and 200x200
     * @param xRange    {lo, hi} or null (6 thermal widths beyond the minima)
     * @param vRange    {lo, hi} or null (+-6 sqrt(T))
     */
    public record Options(boolean kinetic, String potential, double amplitude, double period, double tilt,
                          double curvature, double barrier, double well, double gamma, double temperature,
                          String grid, double[] xRange, double[] vRange) {
    }

    private FokkerPlanckSolve() {
    }

    /**
     * The stationary solution's summary (summary.json and the --json output, fields in alphabetical order; the parts
     * that do not apply are absent). Position and velocity in the potential's units, time in its time units.
     *
     * @param equation overdamped or kinetic, in words
     * @param states the grid's cells
     * @param mass sum p dV, 1 up to round-off
     * @param l1ToBoltzmann sum |p - q| dV, q the cell averages of the Boltzmann density
     * @param klToBoltzmann KL(p || q), nats
     * @param relaxationRate the slowest decay rate of the discrete generator, 1/time
     * @param meanX2 E[x^2] under the stationary density, position^2
     * @param meanCurrentX the probability current along x, probability/time, averaged over the x-faces
     * @param exactCurrentX the exact current of the overdamped washboard (absent otherwise)
     * @param l1ToExact sum |p - p_exact| dV against the washboard's exact steady state (absent otherwise)
     * @param solveSeconds wall-clock seconds of the solve
     * @param conventions the fields' definitions, in words
     * @param runDirectory where the run was written (absent in summary.json itself)
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(String equation, int states, double mass, double l1ToBoltzmann, double klToBoltzmann,
                          double relaxationRate, double meanX2, double meanCurrentX, Double exactCurrentX,
                          Double l1ToExact, double solveSeconds, Map<String, String> conventions,
                          String runDirectory) {
        Summary inDirectory(String dir) {
            return new Summary(equation, states, mass, l1ToBoltzmann, klToBoltzmann, relaxationRate, meanX2,
                    meanCurrentX, exactCurrentX, l1ToExact, solveSeconds, conventions, dir);
        }
    }

    /** Solves into a run directory ({@code out}, or runs/<UTC time>-fp-solve); returns the summary and its text. */
    public static Summary run(Options o, Path out, List<String> argv) throws IOException {
        boolean kinetic = o.kinetic();
        int[] cells = parseGrid(o.grid() != null ? o.grid() : kinetic ? "200x200" : "400", kinetic);
        Potential f = switch (o.potential()) {
            case "quadratic" -> QuadraticPotential.diagonal(o.curvature());
            case "double-well" -> DoubleWellPotential.of(1, o.barrier(), o.well());
            case "washboard" -> WashboardPotential.of(o.amplitude(), o.period(), o.tilt());
            default -> throw new IllegalArgumentException("--potential must be quadratic, double-well or"
                    + " washboard, found '" + o.potential() + "'");
        };
        boolean periodic = o.potential().equals("washboard");
        if (periodic && o.xRange() != null) {
            throw new IllegalArgumentException("--x-range does not apply to the washboard: its periodic domain is"
                    + " [0, L), set L with --period");
        }
        if (!(o.temperature() > 0)) {
            throw new IllegalArgumentException("--temperature " + o.temperature() + " must be positive");
        }
        double centre = o.potential().equals("quadratic") ? 0 : o.well();
        double stiffness = o.potential().equals("quadratic") ? o.curvature()
                : 8 * o.barrier() / (o.well() * o.well());
        double xw = 6 * Math.sqrt(o.temperature() / stiffness);
        double[] xs = range(o.xRange(), "--x-range", -centre - xw, centre + xw);
        Grid gx = periodic ? Grid.periodic(0, o.period(), cells[0]) : new Grid(xs[0], xs[1], cells[0]);
        FokkerPlanck fp;
        if (kinetic) {
            double vw = 6 * Math.sqrt(o.temperature());
            double[] vs = range(o.vRange(), "--v-range", -vw, vw);
            Grid gv = new Grid(vs[0], vs[1], cells[1]);
            fp = FokkerPlanck.kinetic(f, o.gamma(), o.temperature(), 1.0, gx, gv);
        } else {
            fp = FokkerPlanck.overdamped(f, o.temperature(), gx);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "fp solve");
        config.put("equation", fp.kind());
        config.put("potential", o.potential());
        config.put("curvature", o.potential().equals("quadratic") ? o.curvature() : null);
        config.put("barrier", o.potential().equals("double-well") ? o.barrier() : null);
        config.put("well", o.potential().equals("double-well") ? o.well() : null);
        config.put("amplitude", periodic ? o.amplitude() : null);
        config.put("period", periodic ? o.period() : null);
        config.put("tilt", periodic ? o.tilt() : null);
        config.put("boundaries", periodic ? "periodic in x" : "reflecting (zero flux)");
        config.put("gamma", kinetic ? o.gamma() : null);
        config.put("temperature", o.temperature());
        config.put("grids", fp.grids());
        config.put("conventions", kinetic
                ? "dX = V dt, dV = -gamma V dt - f'(X) dt + sqrt(2 gamma T) dW; Boltzmann exp(-(v^2/2 + f)/T)"
                : "dX = -f'(X) dt + sqrt(2 T) dW; Boltzmann exp(-f/T)");
        RunDirectory run = RunDirectory.create(Path.of("runs"), "fp-solve", out);
        run.writeConfig(config);
        Summary result = run.execute(Provenance.start(RunSupport.sourceDir(), 1, null, argv), () -> {
            FokkerPlanckSolver solver = new FokkerPlanckSolver(fp);
            long t0 = System.nanoTime();
            double[] p = solver.stationary();
            double[] q = fp.boltzmannExact(4);
            double rate = solver.relaxationRate();
            double seconds = (System.nanoTime() - t0) / 1e9;
            CsvTable density = kinetic
                    ? CsvTable.of(CsvTable.Column.of("x", "position"), CsvTable.Column.of("v", "velocity"),
                    CsvTable.Column.of("density", "1/(position*velocity)"),
                    CsvTable.Column.of("boltzmann", "1/(position*velocity)"))
                    : CsvTable.of(CsvTable.Column.of("x", "position"), CsvTable.Column.of("density", "1/position"),
                    CsvTable.Column.of("boltzmann", "1/position"), CsvTable.Column.of("exact", "1/position"));
            // the overdamped washboard has a closed-form steady state (Boltzmann only without o.tilt())
            PeriodicSmoluchowski exact = periodic && !kinetic
                    ? PeriodicSmoluchowski.of(f, o.temperature(), 0, o.period(), 4000) : null;
            double[] e = exact == null ? q : new double[fp.size()];
            if (exact != null) {
                for (int k = 0; k < fp.size(); k++) {
                    e[k] = exact.density(fp.centre(k)[0]);
                }
            }
            int nv = kinetic ? fp.grids()[1].cells() : 1;
            for (int cell = 0; cell < fp.size(); cell++) {
                int k = kinetic ? fp.index(cell / nv, cell % nv) : fp.index(cell);
                double[] c = fp.centre(k);
                if (kinetic) {
                    density.add(c[0], c[1], p[k], q[k]);
                } else {
                    density.add(c[0], p[k], q[k], e[k]);
                }
            }
            density.writeAtomically(run.resolve("density.csv"));
            CsvTable currents = CsvTable.of(CsvTable.Column.of("axis", kinetic ? "0=x 1=v" : "0=x"),
                    CsvTable.Column.of("x", "position"), CsvTable.Column.of("v", kinetic ? "velocity" : "unused"),
                    CsvTable.Column.of("current", "probability/time per unit face"));
            for (double[] j : fp.currents(p)) {
                int axis = (int) j[0];
                int[] left = fp.cell((int) j[1]);
                double[] a = fp.centre((int) j[1]);
                double face = fp.grids()[axis].face(left[axis]);
                currents.add(axis, axis == 0 ? face : a[0], kinetic ? axis == 1 ? face : a[1] : 0, j[3]);
            }
            currents.writeAtomically(run.resolve("currents.csv"));
            double meanX2 = 0;
            for (int k = 0; k < fp.size(); k++) {
                double x = fp.centre(k)[0];
                meanX2 += x * x * p[k] * fp.cellVolume();
            }
            Summary summary = new Summary(fp.kind(), fp.size(), fp.mass(p), solver.l1(p, q), solver.kl(p, q), rate,
                    meanX2, fp.meanCurrentX(p), exact != null ? exact.current() : null,
                    exact != null ? solver.l1(p, e) : null, seconds, Map.of("l1ToBoltzmann", "sum |p - q| dV over"
                    + " cells, q = cell averages of the exact Boltzmann density", "klToBoltzmann", "KL(p || q) in"
                    + " nats", "relaxationRate", "slowest decay rate -Re(lambda) of the discrete generator, 1/time",
                    "meanX2", "E[x^2] under the stationary density, position^2", "meanCurrentX", "probability"
                    + " current along x through one cross-section (probability/time), averaged over the x-faces; 0"
                    + " at equilibrium", "exactCurrentX", "Stratonovich's exact current for the overdamped"
                    + " washboard, probability/time", "l1ToExact", "sum |p - p_exact| dV, p_exact the exact steady"
                    + " state at the cell centres (overdamped washboard)"), null);
            Json.writeAtomically(run.resolve(RunDirectory.SUMMARY), summary);
            RunFigures.density(run.path(), kinetic, exact != null ? "exact" : "boltzmann");
            return summary;
        });
        return result.inDirectory(run.path().toString());
    }

    /** The given {lo, hi}, or {lo, hi} of the default when none was given. */
    private static double[] range(double[] given, String name, double lo, double hi) {
        if (given == null) {
            return new double[] {lo, hi};
        }
        if (given.length != 2 || !(given[1] > given[0])) {
            throw new IllegalArgumentException(name + " must be LO,HI with LO < HI");
        }
        return given;
    }

    public static int[] parseGrid(String text, boolean kinetic) {
        String[] parts = text.toLowerCase().split("x");
        try {
            int[] cells = kinetic && parts.length == 2
                    ? new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])}
                    : !kinetic && parts.length == 1 ? new int[] {Integer.parseInt(parts[0])} : null;
            if (cells != null) {
                for (int c : cells) {
                    if (c < 8) {
                        throw new IllegalArgumentException("--grid '" + text + "': at least 8 cells per axis");
                    }
                }
                return cells;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("--grid '" + text + "' must be " + (kinetic ? "NXxNV, e.g. 200x200"
                : "NX, e.g. 400"));
    }
}
