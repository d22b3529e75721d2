package org.thermosgd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thermosgd.run.Json;
import org.thermosgd.sde.sgd.ExactStationary;
import org.thermosgd.sde.sgd.LeadingOrder;
import org.thermosgd.sde.sgd.PaperPrediction;
import org.thermosgd.sde.sgd.SecondMoments;
import org.thermosgd.sde.sgd.SgdProblem;
import org.thermosgd.sde.sgd.SgdProblemFile;
import org.thermosgd.sde.sgd.SgdSimulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermosgd sgd}: momentum SGD on quadratic losses, exactly and by simulation. */
@Command(name = "sgd", mixinStandardHelpOptions = true,
        description = "Stationary law of momentum SGD on a quadratic loss.",
        subcommands = {SgdCommand.Stationary.class})
final class SgdCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "stationary", mixinStandardHelpOptions = true,
            description = "Exact stationary second moments next to the paper's and the leading-order predictions.")
    static final class Stationary implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--problem", required = true, paramLabel = "FILE.json",
                description = "Problem: {\"form\", \"momentum\", \"lr\", \"factor\": {...}, \"hessian\": [[...]],"
                        + " \"noise\": {...}} (see docs/theory.md).")
        Path problem;

        @Mixin
        SimulationOptions sim;

        @Override
        public Integer call() {
            SgdProblem p = SgdProblemFile.read(problem);
            SecondMoments exact = ExactStationary.solve(p);
            PaperPrediction paper = PaperPrediction.of(p);
            SecondMoments lead = LeadingOrder.solve(p);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("exact", Map.of("x2", exact.x2(), "v2", exact.v2(), "Sxx", exact.sxx(), "Svv", exact.svv(),
                    "Sxv", exact.sxv()));
            out.put("paper", Map.of("T", paper.temperature(), "x2", paper.x2(),
                    "relErr", paper.relativeError(exact.x2())));
            out.put("leadingOrder", Map.of("x2", lead.x2(), "v2", lead.v2(),
                    "relErr", relErr(lead.x2(), exact.x2())));
            SgdSimulation.Result result = null;
            if (sim.simulate) {
                result = SgdSimulation.run(p, sim.paths, sim.steps, sim.seed, sim.threads, done -> { });
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("x2", result.x2());
                s.put("x2Se", result.x2Se());
                s.put("v2", result.v2());
                s.put("v2Se", result.v2Se());
                s.put("chains", result.chains());
                s.put("burnInSteps", result.burnIn());
                s.put("steps", result.steps());
                s.put("seed", sim.seed);
                out.put("simulated", s);
            }
            out.put("conventions", conventions(p));
            PrintWriter w = spec.commandLine().getOut();
            w.println(sim.json ? Json.write(out) : text(p, exact, paper, lead, result));
            w.flush();
            return 0;
        }

        private static double[] relErr(double[] pred, double[] ref) {
            double[] e = new double[pred.length];
            for (int i = 0; i < e.length; i++) {
                e[i] = (pred[i] - ref[i]) / ref[i];
            }
            return e;
        }

        static Map<String, String> conventions(SgdProblem p) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("x", "position measured from the minimiser (units of the parameters)");
            c.put("v", p.form().isTorch() ? "PyTorch momentum buffer b (units of the gradient)"
                    : "velocity v of the paper's eqs. (1)-(2) (units of the gradient)");
            c.put("moments", "raw second moments E[x x^T], E[v v^T], E[x v^T] of the stationary law (its mean is 0);"
                    + " for a cosine factor, averaged over one period of the periodic steady state, after each step");
            c.put("paper", "eq. (19) with the sign corrected: T = l D / (6 C (1 - mu)) with l = lr, C = batch,"
                    + " D = Sigma_ii (diagonal hessian) else tr(Sigma)/n, Sigma the per-sample gradient covariance at"
                    + " the minimiser; x2 = T / h_i (diagonal) else T (H^-1)_ii");
            c.put("leadingOrder", "small-lr limit of the exact law, H Sxx + Sxx H = lr kappa (1 - mu) Q / E[s]"
                    + " (docs/theory.md)");
            c.put("relErr", "(prediction - exact) / exact, per coordinate");
            c.put("simulated", "mean over chains of each chain's time average after burn-in; Se = standard error"
                    + " across chains");
            return c;
        }

        static String text(SgdProblem p, SecondMoments exact, PaperPrediction paper, SecondMoments lead,
                           SgdSimulation.Result sim) {
            StringBuilder b = new StringBuilder();
            b.append(String.format("momentum SGD, form %s, mu = %s, lr = %s, factor %s, E[s] = %.6g, E[s^2] = %.6g%n",
                    p.form().id(), p.momentum(), p.lr(), p.factor(), p.factor().mean(), p.factor().meanSquare()));
            b.append("E[x_i^2] (x from the minimiser; raw second moments of the stationary law)\n");
            b.append(String.format("  %-5s %-14s %-14s %-9s %-14s %-9s%s%n", "i", "exact", "paper eq.19", "rel.err",
                    "leading order", "rel.err", sim == null ? "" : "  simulated +- s.e. (z)"));
            for (int i = 0; i < p.dimension(); i++) {
                b.append(String.format("  %-5d %-14.6e %-14.6e %+-9.4f %-14.6e %+-9.4f", i, exact.x2()[i],
                        paper.x2()[i], paper.relativeError(exact.x2())[i], lead.x2()[i],
                        (lead.x2()[i] - exact.x2()[i]) / exact.x2()[i]));
                if (sim != null) {
                    b.append(String.format("  %.6e +- %.2e (%+.2f)", sim.x2()[i], sim.x2Se()[i],
                            (sim.x2()[i] - exact.x2()[i]) / sim.x2Se()[i]));
                }
                b.append('\n');
            }
            b.append(p.form().isTorch() ? "E[b_i^2] (PyTorch momentum buffer)\n" : "E[v_i^2] (paper's velocity)\n");
            for (int i = 0; i < p.dimension(); i++) {
                b.append(String.format("  %-5d %-14.6e %-14s %-9s %-14.6e %+-9.4f", i, exact.v2()[i], "-", "",
                        lead.v2()[i], (lead.v2()[i] - exact.v2()[i]) / exact.v2()[i]));
                if (sim != null) {
                    b.append(String.format("  %.6e +- %.2e (%+.2f)", sim.v2()[i], sim.v2Se()[i],
                            (sim.v2()[i] - exact.v2()[i]) / sim.v2Se()[i]));
                }
                b.append('\n');
            }
            b.append("paper's T per coordinate: ");
            for (double t : paper.temperature()) {
                b.append(String.format("%.6e ", t));
            }
            b.append("(units of loss; T = lr D / (6 C (1 - mu)))");
            if (sim != null) {
                b.append(String.format("%nsimulated: %d chains x %d steps after %d burn-in steps", sim.chains(),
                        sim.steps(), sim.burnIn()));
            }
            return b.toString();
        }
    }
}
