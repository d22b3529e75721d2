package org.thermosgd.validation.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.thermosgd.run.PlainName;
import org.thermosgd.sde.sgd.UpdateForm;
import org.thermosgd.training.data.Cifar10;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.train.TrainConfig;

/**
 * The paper's experiments as sets of training runs. {@code paper} scale uses the paper's settings in full;
 * {@code quick} keeps every setting that defines an experiment (model, protocols, learning rates, batch sizes,
 * momenta, form) and shrinks only the number of epochs and, for the convolutional networks, the training images. Epoch
 * counts and their reasons: docs/experiments.md.
 */
public final class Experiments {
    /**
     * One run of a reproduction: its id (folder name), the group it is plotted in (a protocol or a setting), its
     * configuration, and the panel it belongs to (e.g. the model, for figures with one panel per model; "" if one).
     */
    public record Run(String id, String group, TrainConfig train, String panel) {
        public Run {
            PlainName.require("run id", id);
            if (group == null || train == null) {
                throw new IllegalArgumentException("run " + id + " needs a group and a train configuration");
            }
            panel = panel == null ? "" : panel;
        }

        public Run(String id, String group, TrainConfig train) {
            this(id, group, train, "");
        }
    }

    /** A reproduction's plan (manifest.json). */
    public record Manifest(String experiment, String scale, int seeds, String description, List<Run> runs) {
        /** Run ids are folder names: plain ({@link PlainName}) and distinct. */
        public Manifest {
            if (runs == null || runs.isEmpty()) {
                throw new IllegalArgumentException("a manifest needs at least one run");
            }
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (Run r : runs) {
                if (r == null) {
                    throw new IllegalArgumentException("a run of the manifest is null");
                }
                if (!ids.add(r.id())) {
                    throw new IllegalArgumentException("run id " + r.id() + " appears twice: each run needs its own"
                            + " folder");
                }
            }
            runs = List.copyOf(runs);
        }
    }

    public static final List<String> NAMES = List.of("fig1", "fig2", "fig3", "fig4", "fig5", "fig6");
    public static final List<String> PROTOCOLS = List.of("constant", "random", "cyclic:6", "cyclic:18", "cyclic:30");

    private Experiments() {
    }

    /**
     * Seeds when --seeds is not given: figures that report a spread over seeds use 3 (fig4 on Fashion-MNIST, whose
     * runs take seconds, 5), the others 1.
     */
    public static int defaultSeeds(String fig, String dataset) {
        return fig.equals("fig4") && "fashion-mnist".equals(dataset) ? 5
                : fig.equals("fig3") || fig.equals("fig4") ? 3 : 1;
    }

    /** Figure 6's VGG16 settings: (group, batch C, mean lr); T ~ lr / C equal for the pair, halved for the check. */
    private static final Object[][] VGG16_PAIRS = {{"C128 lr2.5e-4", 128, 2.5e-4}, {"C256 lr5e-4", 256, 5e-4},
            {"check C256 lr2.5e-4", 256, 2.5e-4}};

    /** Fig4's harder task on data every machine here has: Fashion-MNIST, first this many training images. */
    public static final int FASHION_SUBSET = 5000;

    /**
     * The runs of a figure. {@code dataset} chooses fig4's data (cifar10, the paper's, or fashion-mnist; null: cifar10)
     * and must be null for the other figures. {@code cifar} is the folder with CIFAR-10's binary files (null: the
     * data home); fig4 on CIFAR-10 needs them and fig6 plans its VGG16 panel only where they are present.
     */
    public static Manifest plan(String fig, String scale, int seeds, String dataset, Path cifar, DataHome home) {
        if (dataset != null && !fig.equals("fig4") && !fig.equals("fig6")) {
            throw new IllegalArgumentException("--dataset applies to fig4 and fig6 only (" + fig + " uses its paper's"
                    + " data)");
        }
        if (dataset != null && !dataset.equals("cifar10") && !dataset.equals("fashion-mnist")) {
            throw new IllegalArgumentException("--dataset '" + dataset + "' must be cifar10 or fashion-mnist");
        }
        Scale size = Scale.parse(scale);
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds " + seeds + " must be >= 1");
        }
        String cifarDir = cifar == null ? null : cifar.toAbsolutePath().toString();
        List<Run> runs = new ArrayList<>();
        switch (fig) {
            case "fig1" -> {
                int epochs = Presets.model1Figure(size).epochs();
                protocolRuns(runs, "", MODEL1_SETTING.withEpochs(epochs), seeds);
                return new Manifest(fig, scale, seeds, "Model 1 on MNIST, " + MODEL1 + "; " + epochs + " epochs",
                        runs);
            }
            case "fig2" -> {
                int epochs = Presets.model2Figure(size).epochs();
                int subset = Presets.model2Figure(size).trainSubset();
                protocolRuns(runs, "", MODEL2_SETTING.withEpochs(epochs).withTrainSubset(subset), seeds);
                return new Manifest(fig, scale, seeds, "Model 2 on MNIST" + images(subset) + ", " + MODEL2 + "; "
                        + epochs + " epochs", runs);
            }
            case "fig3" -> {
                int epochs1 = Presets.model1Figure(size).epochs();
                int epochs2 = Presets.model2Figure(size).epochs();
                int subset2 = Presets.model2Figure(size).trainSubset();
                protocolRuns(runs, "Model 1", MODEL1_SETTING.withEpochs(epochs1), seeds);
                protocolRuns(runs, "Model 2", MODEL2_SETTING.withEpochs(epochs2).withTrainSubset(subset2), seeds);
                return new Manifest(fig, scale, seeds, "best test accuracy over seeds on MNIST. Model 1: " + MODEL1
                        + "; " + epochs1 + " epochs. Model 2" + images(subset2) + ": " + MODEL2 + "; " + epochs2
                        + " epochs", runs);
            }
            case "fig4" -> {
                if ("fashion-mnist".equals(dataset)) {
                    return fashionFig4(size, scale, seeds);
                }
                String missing = Cifar10.whyMissing(cifar, home, "--cifar10");
                if (missing != null) {
                    throw new IllegalArgumentException("fig4 needs CIFAR-10: " + missing);
                }
                int epochs = Presets.vgg16Figure(size).epochs();
                int subset = Presets.vgg16Figure(size).trainSubset();
                protocolRuns(runs, "",
                        TrainConfig.defaults().withModel("vgg16").withDataset("cifar10").withDataDir(cifarDir)
                        .withLr(2.5e-4).withBatch(128).withEpochs(epochs).withTrainSubset(subset), seeds);
                return new Manifest(fig, scale, seeds, "Model 3 (VGG16, standard initialisation: no ImageNet weights)"
                        + " on CIFAR-10" + images(subset) + ", lr 2.5e-4 (mean), batch 128, momentum 0.9, Nesterov,"
                        + " no weight decay (the paper does not state Figure 4's settings; these are its Figure 6"
                        + " VGG16 settings); protocols constant, random (U[0,2], mean lr), cyclic:6, 18, 30; " + epochs
                        + " epochs", runs);
            }
            case "fig5" -> {
                int epochs = Presets.fig5(size).epochs();
                Object[][] settings = {{"C60 lr2e-4", 60, 2e-4}, {"C30 lr1e-4", 30, 1e-4},
                        {"check C60 lr1e-4", 60, 1e-4}};
                for (Object[] st : settings) {
                    for (int s = 1; s <= seeds; s++) {
                        String group = (String) st[0];
                        runs.add(new Run(group.replace(' ', '-') + "-seed" + s, group,
                                TrainConfig.defaults().withProtocol("random-max").withLr((double) st[2])
                                        .withBatch((int) st[1]).withMomentum(0).withForm(UpdateForm.TORCH)
                                        .withEpochs(epochs).withSeed(s)));
                    }
                }
                return new Manifest(fig, scale, seeds, "Model 1 on MNIST, momentum 0, random-max protocol (s ~ U[0,1],"
                        + " lr is the maximum as in the paper's Figure 5): equal temperature lr/C for (60, 2e-4) and"
                        + " (30, 1e-4); counter-check (60, 1e-4) at half the temperature; " + epochs + " epochs", runs);
            }
            case "fig6" -> {
                int epochs2 = Presets.fig6Model2(size).epochs();
                int subset2 = Presets.fig6Model2(size).trainSubset();
                // T ~ lr / (C (1 - mu)): C (1 - mu) = 15 for both of the paper's pairs, 30 for our counter-check
                Object[][] model2 = {{"C60 mu0.75", 60, 0.75}, {"C30 mu0.5", 30, 0.5}, {"check C60 mu0.5", 60, 0.5}};
                for (Object[] st : model2) {
                    for (int s = 1; s <= seeds; s++) {
                        String group = (String) st[0];
                        runs.add(new Run("model2-" + group.replace(' ', '-') + "-seed" + s, group,
                                MODEL2_SETTING.withProtocol("random-max").withLr(5e-3).withBatch((int) st[1])
                                        .withMomentum((double) st[2]).withWeightDecay(0).withEpochs(epochs2)
                                        .withTrainSubset(subset2).withSeed(s), "Model 2"));
                    }
                }
                String desc = "equal temperature, T ~ lr/(C(1-mu)). Model 2 on MNIST" + images(subset2) + ": random-max"
                        + " protocol with lr 0.005 (s ~ U[0,1]: the rate is uniform in [0, 0.005] as in the paper),"
                        + " Nesterov, no weight decay; (C 60, mu 0.75) and (C 30, mu 0.5) at equal temperature,"
                        + " counter-check (C 60, mu 0.5) at half of it (ours: the paper shows none); " + epochs2
                        + " epochs";
                String missing = Cifar10.whyMissing(cifar, home, "--cifar10");
                if ("fashion-mnist".equals(dataset)) {
                    for (Object[] st : VGG16_PAIRS) {
                        for (int s = 1; s <= seeds; s++) {
                            String group = (String) st[0];
                            runs.add(new Run("fashion-" + group.replace(' ', '-') + "-seed" + s, group,
                                    MODEL1_SETTING.withDataset("fashion-mnist").withProtocol("random")
                                            .withLr((double) st[2]).withBatch((int) st[1]).withEpochs(60)
                                            .withTrainSubset(FASHION_SUBSET).withSeed(s), "Model 1 Fashion"));
                        }
                    }
                    desc += ". In place of the VGG16 panel, its settings with Model 1 on Fashion-MNIST (first "
                            + FASHION_SUBSET + " training images): random protocol (s ~ U[0,2], lr the mean),"
                            + " momentum 0.9, Nesterov; (C 128, lr 2.5e-4) and (C 256, lr 5e-4) at equal temperature,"
                            + " counter-check (C 256, lr 2.5e-4) at half of it (ours); 60 epochs";
                } else if (missing == null) {
                    int epochs3 = Presets.vgg16Figure(size).epochs();
                    int subset3 = Presets.vgg16Figure(size).trainSubset();
                    for (Object[] st : VGG16_PAIRS) {
                        for (int s = 1; s <= seeds; s++) {
                            String group = (String) st[0];
                            runs.add(new Run("vgg16-" + group.replace(' ', '-') + "-seed" + s, group,
                                    TrainConfig.defaults().withModel("vgg16").withDataset("cifar10")
                                            .withDataDir(cifarDir).withProtocol("random").withLr((double) st[2])
                                            .withBatch((int) st[1]).withEpochs(epochs3).withTrainSubset(subset3)
                                            .withSeed(s), "VGG16"));
                        }
                    }
                    desc += ". VGG16 (standard initialisation) on CIFAR-10" + images(subset3) + ": random protocol"
                            + " (s ~ U[0,2], lr is the mean as the paper's 'average learning rate'), momentum 0.9,"
                            + " Nesterov; (C 128, lr 2.5e-4) and (C 256, lr 5e-4) at equal temperature,"
                            + " counter-check (C 256, lr 2.5e-4) at half of it (ours); " + epochs3 + " epochs";
                } else {
                    desc += ". VGG16 panel not run: " + missing;
                }
                return new Manifest(fig, scale, seeds, desc, runs);
            }
            default -> throw new IllegalArgumentException("unknown experiment '" + fig + "', expected one of "
                    + String.join(", ", NAMES) + " or all");
        }
    }

    /** Figure 1's setting (Model 1 on MNIST): the defaults, lr 5e-3 (mean), batch 256, momentum 0.9, Nesterov. */
    public static final TrainConfig MODEL1_SETTING = TrainConfig.defaults();
    /** Figure 2's setting (Model 2 on MNIST): lr 5e-5 (mean), batch 256, momentum 0.9, Nesterov, weight decay 1e-3. */
    public static final TrainConfig MODEL2_SETTING = TrainConfig.defaults().withModel("cnn").withLr(5e-5)
            .withWeightDecay(1e-3);
    /**
     * Figure 4's claims on Fashion-MNIST: the five protocols of Figure 1 at equal mean learning rate over whole periods
     * (60 epochs: one period of cyclic:30), Model 1 at Figure 1's rates on the first {@link #FASHION_SUBSET} training
     * images with batch 64 (79 iterations per epoch, 4,740 in all), where it overfits (docs/experiments.md); paper
     * scale adds Model 2 at Figure 6's Model 2 rate (mean lr 2.5e-3).
     */
    private static Manifest fashionFig4(Scale size, String scale, int seeds) {
        List<Run> runs = new ArrayList<>();
        TrainConfig model1 = MODEL1_SETTING.withDataset("fashion-mnist").withBatch(64).withEpochs(60)
                .withTrainSubset(FASHION_SUBSET);
        protocolRuns(runs, "Model 1", model1, seeds);
        String desc = "the harder task on Fashion-MNIST (first " + FASHION_SUBSET + " training images, full test set):"
                + " Model 1, lr 5e-3 (mean), batch 64, momentum 0.9, Nesterov, no weight decay";
        if (Presets.fashionFig4WithModel2(size)) {
            protocolRuns(runs, "Model 2", model1.withModel("cnn").withLr(2.5e-3), seeds);
            desc += "; Model 2, lr 2.5e-3 (mean), batch 64, momentum 0.9, Nesterov, no weight decay";
        }
        return new Manifest("fig4", scale, seeds, desc + "; protocols constant, random (U[0,2], mean lr), cyclic:6,"
                + " 18, 30 at equal mean learning rate; 60 epochs (one whole period of cyclic:30)", runs);
    }

    private static final String MODEL1 = "lr 5e-3 (mean), batch 256, momentum 0.9, Nesterov, no weight decay;"
            + " protocols constant, random (U[0,2], mean lr), cyclic:6, 18, 30 at equal mean learning rate";
    private static final String MODEL2 = "lr 5e-5 (mean), batch 256, momentum 0.9, Nesterov, weight decay 1e-3;"
            + " protocols constant, random, cyclic:6, 18, 30 at equal mean learning rate";

    private static String images(int subset) {
        return subset > 0 ? " (first " + subset + " training images)" : "";
    }

    /** The five protocols at one setting, {@code seeds} runs each (seeds 1..seeds). */
    private static void protocolRuns(List<Run> runs, String panel, TrainConfig setting, int seeds) {
        String prefix = panel.isEmpty() ? "" : panel.toLowerCase(java.util.Locale.ROOT).replace(" ", "") + "-";
        for (String protocol : PROTOCOLS) {
            for (int s = 1; s <= seeds; s++) {
                runs.add(new Run(prefix + protocol.replace(':', '-') + "-seed" + s, protocol,
                        setting.withProtocol(protocol).withSeed(s), panel));
            }
        }
    }

    /**
     * For tests only: the same plan with fewer epochs and training images (0 leaves a setting as planned); a batch
     * larger than the shrunk training set becomes the whole set.
     */
    public static Manifest shrink(Manifest m, int epochs, int subset) {
        if (epochs <= 0 && subset <= 0) {
            return m;
        }
        List<Run> runs = new ArrayList<>();
        for (Run r : m.runs()) {
            TrainConfig t = r.train();
            TrainConfig shrunk = t.withEpochs(epochs > 0 ? epochs : t.epochs())
                    .withTrainSubset(subset > 0 ? subset : t.trainSubset());
            runs.add(new Run(r.id(), r.group(), subset > 0 && t.batch() > subset ? shrunk.withBatch(subset) : shrunk,
                    r.panel()));
        }
        return new Manifest(m.experiment(), m.scale(), m.seeds(), m.description() + " (shrunk for a test: epochs "
                + epochs + ", training images " + subset + ")", runs);
    }
}
