package org.thermosgd.cli;

import java.util.ArrayList;
import java.util.List;
import org.thermosgd.training.train.TrainConfig;

/**
 * The paper's experiments as sets of training runs. {@code paper} scale uses the paper's settings in full;
 * {@code quick} keeps every setting that defines an experiment (model, protocols, learning rates, batch sizes,
 * momenta, form) and shrinks only the number of epochs. Epoch counts and their reasons: docs/experiments.md.
 */
final class Experiments {
    /** One run of a reproduction: its id (folder name), the group it is plotted in, and its configuration. */
    record Run(String id, String group, TrainConfig train) {
    }

    /** A reproduction's plan (manifest.json). */
    record Manifest(String experiment, String scale, int seeds, String description, List<Run> runs) {
    }

    static final List<String> NAMES = List.of("fig1", "fig2", "fig5");
    static final List<String> NOT_YET = List.of("fig3", "fig4", "fig6");

    private Experiments() {
    }

    static Manifest plan(String fig, String scale, int seeds) {
        if (!scale.equals("quick") && !scale.equals("paper")) {
            throw new IllegalArgumentException("--scale '" + scale + "' must be quick or paper");
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds " + seeds + " must be >= 1");
        }
        boolean quick = scale.equals("quick");
        List<Run> runs = new ArrayList<>();
        switch (fig) {
            case "fig1" -> {
                int epochs = quick ? 10 : 60;
                for (String protocol : List.of("constant", "random", "cyclic:6", "cyclic:18", "cyclic:30")) {
                    for (int s = 1; s <= seeds; s++) {
                        runs.add(new Run(protocol.replace(':', '-') + "-seed" + s, protocol,
                                config("mlp", protocol, 5e-3, 256, 0.9, "torch-nesterov", 0, epochs, s)));
                    }
                }
                return new Manifest(fig, scale, seeds, "Model 1 on MNIST, lr 5e-3 (mean), batch 256, momentum 0.9,"
                        + " Nesterov, no weight decay; protocols constant, random (U[0,2], mean lr), cyclic:6, 18, 30"
                        + " at equal mean learning rate; " + epochs + " epochs", runs);
            }
            case "fig2" -> {
                int epochs = quick ? 3 : 60;
                int subset = quick ? 2000 : 0;
                for (String protocol : List.of("constant", "random", "cyclic:6", "cyclic:18", "cyclic:30")) {
                    for (int s = 1; s <= seeds; s++) {
                        TrainConfig c = config("cnn", protocol, 5e-5, 256, 0.9, "torch-nesterov", 1e-3, epochs, s);
                        runs.add(new Run(protocol.replace(':', '-') + "-seed" + s, protocol, new TrainConfig(c.model(),
                                c.dataset(), c.dataDir(), c.protocol(), c.lr(), c.batch(), c.momentum(), c.form(),
                                c.weightDecay(), c.epochs(), c.seed(), subset, c.threads(), c.evalBatch(),
                                c.inputScaling())));
                    }
                }
                return new Manifest(fig, scale, seeds, "Model 2 on MNIST" + (quick ? " (first " + subset
                        + " training images)" : "") + ", lr 5e-5 (mean), batch 256, momentum 0.9, Nesterov, weight"
                        + " decay 1e-3; protocols constant, random, cyclic:6, 18, 30 at equal mean learning rate; "
                        + epochs + " epochs", runs);
            }
            case "fig5" -> {
                int epochs = quick ? 10 : 100;
                Object[][] settings = {{"C60 lr2e-4", 60, 2e-4}, {"C30 lr1e-4", 30, 1e-4},
                        {"check C60 lr1e-4", 60, 1e-4}};
                for (Object[] st : settings) {
                    for (int s = 1; s <= seeds; s++) {
                        String group = (String) st[0];
                        runs.add(new Run(group.replace(' ', '-') + "-seed" + s, group,
                                config("mlp", "random-max", (double) st[2], (int) st[1], 0.0, "torch", 0, epochs, s)));
                    }
                }
                return new Manifest(fig, scale, seeds, "Model 1 on MNIST, momentum 0, random-max protocol (s ~ U[0,1],"
                        + " lr is the maximum as in the paper's Figure 5): equal temperature lr/C for (60, 2e-4) and"
                        + " (30, 1e-4); counter-check (60, 1e-4) at half the temperature; " + epochs + " epochs", runs);
            }
            default -> {
                if (NOT_YET.contains(fig)) {
                    throw new IllegalArgumentException(fig + " is not implemented in this build yet; available: "
                            + String.join(", ", NAMES));
                }
                throw new IllegalArgumentException("unknown experiment '" + fig + "', expected one of "
                        + String.join(", ", NAMES) + " (later: " + String.join(", ", NOT_YET) + ")");
            }
        }
    }

    /** For tests only: the same plan with fewer epochs and training images (0 leaves a setting as planned). */
    static Manifest shrink(Manifest m, int epochs, int subset) {
        if (epochs <= 0 && subset <= 0) {
            return m;
        }
        List<Run> runs = new ArrayList<>();
        for (Run r : m.runs()) {
            TrainConfig t = r.train();
            runs.add(new Run(r.id(), r.group(), new TrainConfig(t.model(), t.dataset(), t.dataDir(), t.protocol(),
                    t.lr(), t.batch(), t.momentum(), t.form(), t.weightDecay(), epochs > 0 ? epochs : t.epochs(),
                    t.seed(), subset > 0 ? subset : t.trainSubset(), t.threads(), t.evalBatch(), t.inputScaling())));
        }
        return new Manifest(m.experiment(), m.scale(), m.seeds(), m.description() + " (shrunk for a test: epochs "
                + epochs + ", training images " + subset + ")", runs);
    }

    private static TrainConfig config(String model, String protocol, double lr, int batch, double momentum,
                                      String form, double wd, int epochs, long seed) {
        return new TrainConfig(model, "mnist", null, protocol, lr, batch, momentum, form, wd, epochs, seed, 0, 1,
                1000, TrainConfig.INPUT_SCALING);
    }
}
