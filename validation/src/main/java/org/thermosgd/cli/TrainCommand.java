package org.thermosgd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.train.ConfigException;
import org.thermosgd.training.train.TrainConfig;
import org.thermosgd.training.train.TrainSummary;
import org.thermosgd.validation.run.TrainingRun;
import org.thermosgd.validation.text.TrainingText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermosgd train}: one instrumented training run into a run directory, resumable after a kill. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network with instrumented momentum SGD (resumable).")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "mlp",
            description = "mlp, cnn, vgg16, or a sequential network specification FILE.json (see thermosgd models;"
            + " default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--dataset", defaultValue = "mnist",
            description = "mnist, fashion-mnist or cifar10 (default ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder holding the data set's files.")
    Path dir;

    @Option(names = "--protocol", defaultValue = "constant",
            description = "constant, random (s ~ U[0,2], mean lr), random-max (s ~ U[0,1]), cyclic:P or"
                    + " cyclic-iter:P (P in epochs); default ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--lr", defaultValue = "0.005", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch", defaultValue = "256", description = "Mini-batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum (default ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--form", defaultValue = "torch-nesterov",
            description = "paper, paper-nesterov, torch or torch-nesterov (default ${DEFAULT-VALUE}).")
    String form;

    @Option(names = "--weight-decay", defaultValue = "0", description = "Coupled weight decay (default 0).")
    double weightDecay;

    @Option(names = "--epochs", defaultValue = "2", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-subset", defaultValue = "0",
            description = "Train on the first N training images (default 0: all).")
    int trainSubset;

    @Option(names = "--threads", defaultValue = "1",
            description = "ND4J/BLAS threads (default 1: the MLP trains fastest on one thread here).")
    int threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default runs/<UTC time>-train-...).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue an interrupted run from its last checkpoint (other options are ignored).")
    Path resume;

    @Option(names = "--from-snapshot", description = "With --resume: if checkpoint.bin is damaged, continue from the"
            + " newest intact epoch snapshot (checkpoints/epoch-E.bin; networks up to 100,000 parameters).")
    boolean fromSnapshot;

    @Option(names = "--init", paramLabel = "FILE.safetensors", description = "Start from these weights (PyTorch"
            + " state-dict names and shapes, checked against the model; VGG16 also takes torchvision's ImageNet"
            + " features and keeps a seeded Linear(512, 10) classifier) instead of the seeded initialisation.")
    Path init;

    @Mixin
    JsonOption json;

    /** For tests: stop (as if killed) after this many epochs, leaving the run resumable. */
    @Option(names = "--stop-after-epochs", hidden = true, defaultValue = "0")
    int stopAfterEpochs;

    /** config.json's field names against this command's options, for error messages. */
    private static final Map<String, String> FLAGS = Map.ofEntries(Map.entry("model", "--model"),
            Map.entry("dataset", "--dataset"), Map.entry("protocol", "--protocol"), Map.entry("lr", "--lr"),
            Map.entry("batch", "--batch"), Map.entry("momentum", "--momentum"), Map.entry("form", "--form"),
            Map.entry("weightDecay", "--weight-decay"), Map.entry("epochs", "--epochs"), Map.entry("seed", "--seed"),
            Map.entry("trainSubset", "--train-subset"), Map.entry("threads", "--threads"));

    /** The options as a validated configuration; a bad value names its option. */
    private TrainConfig config() {
        try {
            TrainConfig c = TrainConfig.defaults().withModel(model).withDataset(dataset)
                    .withDataDir(dir == null ? null : dir.toString()).withProtocol(protocol).withLr(lr)
                    .withBatch(batch).withMomentum(momentum).withForm(form).withWeightDecay(weightDecay)
                    .withEpochs(epochs).withSeed(seed).withTrainSubset(trainSubset).withThreads(threads);
            ModelCatalog.requireTrainable(c.model(), c.batch(), ImageSet.CLASSES);
            return c;
        } catch (ConfigException e) {
            throw new IllegalArgumentException(FLAGS.getOrDefault(e.field(), e.field()) + " " + e.value()
                    + ": expected " + e.expected());
        }
    }

    @Override
    public Integer call() throws IOException {
        List<String> argv = Thermosgd.invocation(spec);
        TrainSummary summary;
        String what;
        if (resume != null) {
            if (init != null) {
                throw new IllegalArgumentException("--init " + init + " starts a new run; --resume " + resume
                        + " continues from its own checkpoint (its config.json records its initial weights)");
            }
            TrainingRun.Resumed resumed = TrainingRun.resume(resume, argv, stopAfterEpochs, fromSnapshot);
            summary = resumed.summary();
            what = resumed.config().model() + " on " + resumed.config().dataset();
        } else {
            TrainConfig config = config();
            if (init != null) {
                config = config.withInit(TrainConfig.InitialWeights.of(init, config.model(), config.seed()));
            }
            summary = TrainingRun.start(out, config, argv, stopAfterEpochs);
            what = config.model() + " on " + config.dataset();
        }
        String model = what;
        return json.print(summary, s -> TrainingText.of(model, s));
    }


}
