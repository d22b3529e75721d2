package org.thermosgd.validation.text;

import java.util.Arrays;
import org.thermosgd.fp.equilibrium.BoltzmannCheck;
import org.thermosgd.sde.lyapunov.LinearStationaryComparison;
import org.thermosgd.sde.sgd.PaperPrediction;
import org.thermosgd.sde.sgd.SecondMoments;
import org.thermosgd.sde.sgd.SgdProblem;
import org.thermosgd.sde.sgd.SgdSimulation;
import org.thermosgd.sde.sgd.StationaryComparison;
import org.thermosgd.validation.fp.FokkerPlanckSolve;
import org.thermosgd.validation.simulate.LangevinSimulation;

/** The theory commands' results ({@code sgd stationary}, {@code sde stationary|simulate}, {@code fp solve}) as text. */
public final class TheoryText {
    private TheoryText() {
    }

    /** Exact stationary moments of momentum SGD beside eq. (19), the leading order and simulated chains. */
    public static String of(StationaryComparison c) {
        SgdProblem p = c.problem();
        SgdSimulation.Result sim = c.simulated();
        SecondMoments lead = c.leadingOrder();
        SecondMoments exact = c.exact();
        PaperPrediction paper = c.paper();
        double[] paperErr = paper.relativeError(exact.x2());
        double[] leadX2Err = StationaryComparison.relativeError(lead.x2(), exact.x2());
        double[] leadV2Err = StationaryComparison.relativeError(lead.v2(), exact.v2());
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

    /** A linear SDE's stationary covariance, and the simulated one with standard errors. */
    public static String of(LinearStationaryComparison.Result out) {
        StringBuilder b = new StringBuilder("stationary covariance (" + out.scheme() + "):\n");
        for (double[] row : out.cov()) {
            b.append("  ").append(Arrays.toString(row)).append('\n');
        }
        LinearStationaryComparison.Simulated sim = out.simulated();
        if (sim != null) {
            b.append("simulated (").append(sim.paths()).append(" paths x ").append(sim.steps())
                    .append(" steps), entry +- standard error:\n");
            double[][] m = sim.cov();
            double[][] se = sim.se();
            for (int i = 0; i < m.length; i++) {
                b.append(" ");
                for (int j = 0; j < m.length; j++) {
                    b.append(String.format(" %.6g +- %.2g", m[i][j], se[i][j]));
                }
                b.append('\n');
            }
        }
        return b.toString().stripTrailing();
    }

    /** A Langevin ensemble's temperatures and its Boltzmann check. */
    public static String of(LangevinSimulation.Summary s) {
        LangevinSimulation.MeanSe kin = s.kineticTemperature();
        LangevinSimulation.MeanSe conf = s.configurationalTemperature();
        BoltzmannCheck.Summary b = s.boltzmannX0();
        String fit = "";
        if (b != null) {
            double[] i = b.fittedTemperature95();
            fit = String.format("%nBoltzmann fit of x_0         %.6g [%.4g, %.4g] (95%%, %d samples); KS %.3f"
                            + " (p %.2g), KL %.2e nats to Boltzmann at the thermostat temperature",
                    b.fittedTemperature(), i[0], i[1], b.samples(), b.ksStatistic(), b.ksPValue(), b.klNats());
        }
        return String.format("thermostat temperature %.6g (energy units)%n"
                        + "kinetic temperature        %.6g +- %.2g (1/n sum E[v_i^2])%n"
                        + "configurational temperature %.6g +- %.2g (1/n E[x . grad f])%s%n"
                        + "run directory: %s", s.thermostatTemperature(), kin.mean(), kin.se(), conf.mean(),
                conf.se(), fit, s.runDirectory());
    }

    /** A Fokker-Planck solution in one line, and its run directory. */
    public static String of(FokkerPlanckSolve.Summary s) {
        return String.format("%s, %d states: L1 to Boltzmann %.3e, KL %.3e nats, relaxation rate %.6g /time,"
                        + " E[x^2] = %.6g, mean x-current %.4g probability/time%s (%.2f s)%nrun directory: %s",
                s.equation(), s.states(), s.l1ToBoltzmann(), s.klToBoltzmann(), s.relaxationRate(), s.meanX2(),
                s.meanCurrentX(), s.exactCurrentX() != null ? String.format(" (exact %.4g)", s.exactCurrentX())
                        : "", s.solveSeconds(), s.runDirectory());
    }
}
