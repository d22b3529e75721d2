package org.thermosgd.sde.sgd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact stationary second moments of momentum SGD on a quadratic next to the paper's eq. (19), the leading-order
 * formula and, optionally, simulated chains: what {@code thermosgd sgd stationary} prints, as JSON ({@link #report})
 * (the text is validation's), every number with its convention ({@link #conventions}).
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

    /**
     * The comparison for JSON (fields in alphabetical order, {@code simulated} absent unless simulated); x in the
     * parameters' units, v in the gradient's, conventions in {@link #conventions}.
     *
     * @param exact the exact stationary second moments
     * @param paper eq. (19)'s temperature and x2 with its relative error against the exact x2
     * @param leadingOrder the small-lr limit's x2 and v2 with the relative error of x2
     * @param simulated the simulated chains' moments (absent without --simulate)
     * @param conventions the definitions, in words
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(Exact exact, Paper paper, Lead leadingOrder, Simulated simulated,
                         Map<String, String> conventions) {
    }

    /**
     * The exact law's diagonal and second-moment matrices.
     *
     * @param x2 E[x_i^2]
     * @param v2 E[v_i^2]
     * @param sxx E[x x^T]
     * @param svv E[v v^T]
     * @param sxv E[x v^T]
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Exact(double[] x2, double[] v2, @JsonProperty("Sxx") double[][] sxx,
                        @JsonProperty("Svv") double[][] svv, @JsonProperty("Sxv") double[][] sxv) {
    }

    /**
     * The paper's prediction.
     *
     * @param temperature T per coordinate, loss units
     * @param x2 its E[x_i^2]
     * @param relErr (prediction - exact) / exact of x2
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Paper(@JsonProperty("T") double[] temperature, double[] x2, double[] relErr) {
    }

    /**
     * The leading-order prediction.
     *
     * @param x2 its E[x_i^2]
     * @param v2 its E[v_i^2]
     * @param relErr (prediction - exact) / exact of x2
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Lead(double[] x2, double[] v2, double[] relErr) {
    }

    /**
     * Simulated chains.
     *
     * @param x2 mean over chains of each chain's time average of x_i^2
     * @param x2Se its standard error across chains
     * @param v2 the same for v_i^2
     * @param v2Se its standard error
     * @param chains independent chains
     * @param burnInSteps steps discarded per chain
     * @param steps steps averaged per chain
     * @param seed the seed of the chains
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Simulated(double[] x2, double[] x2Se, double[] v2, double[] v2Se, int chains, long burnInSteps,
                            long steps, Long seed) {
    }

    /** The comparison for JSON. */
    public Report report() {
        return new Report(new Exact(exact.x2(), exact.v2(), exact.sxx(), exact.svv(), exact.sxv()),
                new Paper(paper.temperature(), paper.x2(), paper.relativeError(exact.x2())),
                new Lead(leadingOrder.x2(), leadingOrder.v2(), relativeError(leadingOrder.x2(), exact.x2())),
                simulated == null ? null : new Simulated(simulated.x2(), simulated.x2Se(), simulated.v2(),
                        simulated.v2Se(), simulated.chains(), simulated.burnIn(), simulated.steps(), seed),
                conventions());
    }

    /** (pred - ref) / ref per coordinate. */
    public static double[] relativeError(double[] pred, double[] ref) {
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
}
