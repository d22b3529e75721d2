package org.thermosgd.validation.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.thermosgd.figures.FigureSpec;
import org.thermosgd.figures.Figures;
import org.thermosgd.run.CsvTable;
import org.thermosgd.training.train.RunFiles;

/** The figures each command leaves in its run directory's figures/ folder. */
public final class RunFigures {
    private RunFigures() {
    }

    public static double[] column(CsvTable t, String name) {
        double[] v = new double[t.rowCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.number(i, name);
        }
        return v;
    }

    /** Loss and accuracy against epoch, train and test, from epochs.csv. */
    public static void training(Path runDir, String protocol) throws IOException {
        CsvTable e = CsvTable.read(runDir.resolve(RunFiles.EPOCHS));
        double[] epoch = column(e, "epoch");
        Path fig = runDir.resolve("figures");
        Figures.render(new FigureSpec(RunFiles.LOSS_FIGURE, "", "Epoch", "1", "Loss", "nats/sample", false, true,
                true, List.of(new FigureSpec.Series("train", protocol, epoch, column(e, "train_loss"), null),
                new FigureSpec.Series("test", null, epoch, column(e, "test_loss"), null))), fig);
        Figures.render(new FigureSpec(RunFiles.ACCURACY_FIGURE, "", "Epoch", "1", "Accuracy", "fraction", false,
                false, true, List.of(new FigureSpec.Series("train", protocol, epoch, column(e, "train_accuracy"), null),
                        new FigureSpec.Series("test", null, epoch, column(e, "test_accuracy"), null))), fig);
        CsvTable it = CsvTable.read(runDir.resolve(RunFiles.ITERATIONS));
        Figures.render(new FigureSpec(RunFiles.MINIBATCH_LOSS_FIGURE, "", "Iteration", "1", "Mini-batch loss",
                "nats/sample", false, true, false, List.of(new FigureSpec.Series("loss", protocol,
                column(it, "iteration"), column(it, "loss"), null))), fig);
    }

    /** Stationary density against the Boltzmann density (x-marginal for the kinetic equation). */
    /** The stationary density against its reference column ("boltzmann", or "exact" where a closed form exists). */
    public static void density(Path runDir, boolean kinetic, String reference) throws IOException {
        CsvTable d = CsvTable.read(runDir.resolve("density.csv"));
        double[] x = column(d, "x");
        double[] p = column(d, "density");
        double[] q = column(d, reference);
        if (kinetic) {
            List<Double> xs = new ArrayList<>();
            List<Double> ps = new ArrayList<>();
            List<Double> qs = new ArrayList<>();
            double[] v = column(d, "v");
            double dv = Math.abs(v[1] - v[0]);
            for (int i = 0; i < x.length; i++) {
                if (xs.isEmpty() || x[i] != xs.get(xs.size() - 1)) {
                    xs.add(x[i]);
                    ps.add(0.0);
                    qs.add(0.0);
                }
                int k = xs.size() - 1;
                ps.set(k, ps.get(k) + p[i] * dv);
                qs.set(k, qs.get(k) + q[i] * dv);
            }
            x = xs.stream().mapToDouble(Double::doubleValue).toArray();
            p = ps.stream().mapToDouble(Double::doubleValue).toArray();
            q = qs.stream().mapToDouble(Double::doubleValue).toArray();
        }
        Figures.render(new FigureSpec("density", "", "x", "position", kinetic ? "Marginal density of x" : "Density",
                "1/position", false, false, false, List.of(new FigureSpec.Series("Fokker-Planck", "exact", x, p, null),
                new FigureSpec.Series(reference.equals("exact") ? "exact" : "Boltzmann", "theory", x, q, null))),
                runDir.resolve("figures"));
    }

    /** Top eigenvalues of the gradient covariance over its isotropic constant D (1 = isotropic). */
    public static void spectrum(Path dir, double[] eigenvalues, double d) throws IOException {
        double[] rank = new double[eigenvalues.length];
        double[] ratio = new double[eigenvalues.length];
        double[] one = new double[eigenvalues.length];
        for (int i = 0; i < rank.length; i++) {
            rank[i] = i + 1;
            ratio[i] = eigenvalues[i] / d;
            one[i] = 1;
        }
        Figures.render(new FigureSpec("spectrum", "", "Rank", "1", "Eigenvalue / D", "1", false, true, true,
                List.of(new FigureSpec.Series("covariance S", null, rank, ratio, null),
                        new FigureSpec.Series("isotropic", "theory", rank, one, null))), dir);
    }
}
