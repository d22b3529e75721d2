package org.thermosgd.sde.sgd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact stationary second moments of momentum SGD on a quadratic next to the paper's eq. (19), the leading-order
 * formula and, optionally, simulated chains: what {@code thermosgd sgd stationary} prints, as JSON ({@link #toMap})
 * or text ({@link #text}), every number with its convention ({@link #conventions}).
 */
public record StationaryComparison(SgdProblem problem, SecondMoments exact, PaperPrediction paper,
                                   SecondMoments leadingOrder, SgdSimulation.Result simulated, Long seed) {
    /** The comparison for {@code p}; with {@code simulate}, also {@code chains} chains of {@code steps} steps. */
    public static StationaryComparison of(SgdProblem p, boolean simulate, int chains, long steps, long seed,
                                          int threads) {
        SgdSimulation.Result sim = simulate ? SgdSimulation.run(p, chains, steps, seed, threads) : null;
        return new StationaryComparison(p, ExactStationary.solve(p), PaperPrediction.of(p), LeadingOrder.solve(p),
                sim, simulate ? seed : null);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exact", Map.of("x2", exact.x2(), "v2", exact.v2(), "Sxx", exact.sxx(), "Svv", exact.svv(),
                "Sxv", exact.sxv()));
        out.put("paper", Map.of("T", paper.temperature(), "x2", paper.x2(),
                "relErr", paper.relativeError(exact.x2())));
        out.put("leadingOrder", Map.of("x2", leadingOrder.x2(), "v2", leadingOrder.v2(),
                "relErr", relErr(leadingOrder.x2(), exact.x2())));
        if (simulated != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("x2", simulated.x2());
            s.put("x2Se", simulated.x2Se());
            s.put("v2", simulated.v2());
            s.put("v2Se", simulated.v2Se());
            s.put("chains", simulated.chains());
            s.put("burnInSteps", simulated.burnIn());
            s.put("steps", simulated.steps());
            s.put("seed", seed);
            out.put("simulated", s);
        }
        out.put("conventions", conventions());
        return out;
    }

    private static double[] relErr(double[] pred, double[] ref) {
        double[] e = new double[pred.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = (pred[i] - ref[i]) / ref[i];
        }
        return e;
    }

    public Map<String, String> conventions() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("x", "position measured from the minimiser (units of the parameters)");
        c.put("v", problem.form().isTorch() ? "PyTorch momentum buffer b (units of the gradient)"
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

    public String text() {
        SgdProblem p = problem;
        SgdSimulation.Result sim = simulated;
        SecondMoments lead = leadingOrder;
        double[] paperErr = paper.relativeError(exact.x2());
        double[] leadX2Err = relErr(lead.x2(), exact.x2());
        double[] leadV2Err = relErr(lead.v2(), exact.v2());
        StringBuilder b = new StringBuilder();
        b.append(String.format("momentum SGD, form %s, mu = %s, lr = %s, factor %s, E[s] = %.6g, E[s^2] = %.6g%n",
                p.form().id(), p.momentum(), p.lr(), p.factor(), p.factor().mean(), p.factor().meanSquare()));
        b.append("E[x_i^2] (x from the minimiser; raw second moments of the stationary law)\n");
        b.append(String.format("  %-5s %-14s %-14s %-9s %-14s %-9s%s%n", "i", "exact", "paper eq.19", "rel.err",
                "leading order", "rel.err", sim == null ? "" : "  simulated +- s.e. (z)"));
        for (int i = 0; i < p.dimension(); i++) {
            b.append(String.format("  %-5d %-14.6e %-14.6e %+-9.4f %-14.6e %+-9.4f", i, exact.x2()[i],
                    paper.x2()[i], paperErr[i], lead.x2()[i], leadX2Err[i]));
            if (sim != null) {
                b.append(String.format("  %.6e +- %.2e (%+.2f)", sim.x2()[i], sim.x2Se()[i],
                        (sim.x2()[i] - exact.x2()[i]) / sim.x2Se()[i]));
            }
            b.append('\n');
        }
        b.append(p.form().isTorch() ? "E[b_i^2] (PyTorch momentum buffer)\n" : "E[v_i^2] (paper's velocity)\n");
        for (int i = 0; i < p.dimension(); i++) {
            b.append(String.format("  %-5d %-14.6e %-14s %-9s %-14.6e %+-9.4f", i, exact.v2()[i], "-", "",
                    lead.v2()[i], leadV2Err[i]));
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
