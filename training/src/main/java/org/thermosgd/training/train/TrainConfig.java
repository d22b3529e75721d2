package org.thermosgd.training.train;

import java.nio.file.Path;
import org.thermosgd.sde.sgd.UpdateForm;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.Datasets;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.data.Sha256;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.model.StateDict;
import org.thermosgd.training.protocol.LearningRateProtocol;

/**
 * A training run, fully resolved and validated where it is built (written to config.json). Learning rate {@code lr}
 * is multiplied by the protocol's factor s each iteration; {@code trainSubset} = 0 means the whole training split;
 * the data order of epoch e is a pure function of (seed, e). Start from {@link #defaults()} (the paper's Model 1
 * setting) and change what differs with the {@code with...} methods. An invalid value throws a
 * {@link ConfigException} naming the field and the value.
 */
public record TrainConfig(String model, String dataset, String dataDir, LearningRateProtocol protocol, double lr,
                          int batch, double momentum, UpdateForm form, double weightDecay, int epochs, long seed,
                          int trainSubset, int threads, int evalBatch, String inputScaling, InitialWeights init) {
    public static final String INPUT_SCALING = "pixels / 255 in [0, 1]; no mean/std normalisation";

    public TrainConfig {
        if (model == null || !ModelCatalog.isKnown(model)) {
            throw new ConfigException("model", model, "one of " + String.join(", ", ModelCatalog.NAMES)
                    + " or an existing network specification FILE.json");
        }
        if (dataset == null || !Datasets.NAMES.contains(dataset)) {
            throw new ConfigException("dataset", dataset, "one of " + String.join(", ", Datasets.NAMES));
        }
        if (protocol == null) {
            throw new ConfigException("protocol", null, "a learning-rate protocol");
        }
        if (form == null) {
            throw new ConfigException("form", null, "an update form");
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new ConfigException("lr", lr, "finite and > 0");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new ConfigException("momentum", momentum, "in [0, 1)");
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new ConfigException("weightDecay", weightDecay, "finite and >= 0");
        }
        if (batch < 1) {
            throw new ConfigException("batch", batch, ">= 1");
        }
        if (epochs < 1) {
            throw new ConfigException("epochs", epochs, ">= 1");
        }
        if (trainSubset < 0) {
            throw new ConfigException("trainSubset", trainSubset, ">= 0 (0 = all)");
        }
        if (threads < 1) {
            throw new ConfigException("threads", threads, ">= 1");
        }
        if (evalBatch < 1) {
            throw new ConfigException("evalBatch", evalBatch, ">= 1");
        }
        if (inputScaling == null) {
            inputScaling = INPUT_SCALING;
        }
    }

    /**
     * The paper's Model 1 setting: mlp on MNIST, constant protocol, lr 0.005, batch 256, momentum 0.9, PyTorch's
     * Nesterov form, no weight decay, 2 epochs, seed 1, all training images, 1 thread, evaluation batches of 1000.
     */
    public static TrainConfig defaults() {
        return new TrainConfig("mlp", "mnist", null, new LearningRateProtocol.Constant(), 5e-3, 256, 0.9,
                UpdateForm.TORCH_NESTEROV, 0, 2, 1, 0, 1, 1000, INPUT_SCALING, null);
    }

    /** The images this run trains on: the first {@code trainSubset} of the training split, or all of it. */
    public ImageSet trainImages(Dataset data) {
        return trainSubset > 0 ? data.train().head(trainSubset) : data.train();
    }

    /** How many images this run trains on from {@code data} (no copy): {@code trainSubset} or the whole split. */
    public int trainImageCount(Dataset data) {
        return trainSubset > 0 ? Math.min(trainSubset, data.train().size()) : data.train().size();
    }

    /** How many images this run trains on without loading them: {@code trainSubset}, or the published split's size. */
    public int trainImageCount() {
        return trainSubset > 0 ? trainSubset : Datasets.trainSize(dataset);
    }

    public Path dataPath() {
        return dataDir == null ? null : Path.of(dataDir);
    }

    public TrainConfig withModel(String v) {
        return new TrainConfig(v, dataset, dataDir, protocol, lr, batch, momentum, form, weightDecay, epochs, seed,
                trainSubset, threads, evalBatch, inputScaling, init);
    }

    public TrainConfig withDataset(String v) {
        return new TrainConfig(model, v, dataDir, protocol, lr, batch, momentum, form, weightDecay, epochs, seed,
                trainSubset, threads, evalBatch, inputScaling, init);
    }

    /** The folder holding the data set's files (null: the default place). */
    public TrainConfig withDataDir(String v) {
        return new TrainConfig(model, dataset, v, protocol, lr, batch, momentum, form, weightDecay, epochs, seed,
                trainSubset, threads, evalBatch, inputScaling, init);
    }

    public TrainConfig withProtocol(LearningRateProtocol v) {
        return new TrainConfig(model, dataset, dataDir, v, lr, batch, momentum, form, weightDecay, epochs, seed,
                trainSubset, threads, evalBatch, inputScaling, init);
    }

    /** The protocol in its command-line spelling (constant, random, random-max, cyclic:P, cyclic-iter:P). */
    public TrainConfig withProtocol(String v) {
        try {
            return withProtocol(LearningRateProtocol.parse(v));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("protocol", v, "constant, random, random-max, cyclic:P or cyclic-iter:P ("
                    + e.getMessage() + ")");
        }
    }

    public TrainConfig withLr(double v) {
        return new TrainConfig(model, dataset, dataDir, protocol, v, batch, momentum, form, weightDecay, epochs, seed,
                trainSubset, threads, evalBatch, inputScaling, init);
    }

    public TrainConfig withBatch(int v) {
        return new TrainConfig(model, dataset, dataDir, protocol, lr, v, momentum, form, weightDecay, epochs, seed,
                trainSubset, threads, evalBatch, inputScaling, init);
    }

    public TrainConfig withMomentum(double v) {
        return new TrainConfig(model, dataset, dataDir, protocol, lr, batch, v, form, weightDecay, epochs, seed,
                trainSubset, threads, evalBatch, inputScaling, init);
    }

    public TrainConfig withForm(UpdateForm v) {
        return new TrainConfig(model, dataset, dataDir, protocol, lr, batch, momentum, v, weightDecay, epochs, seed,
                trainSubset, threads, evalBatch, inputScaling, init);
    }

    /** The form in its command-line spelling (paper, paper-nesterov, torch, torch-nesterov). */
    public TrainConfig withForm(String v) {
        try {
            return withForm(UpdateForm.parse(v));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("form", v, "paper, paper-nesterov, torch or torch-nesterov");
        }
    }

    public TrainConfig withWeightDecay(double v) {
        return new TrainConfig(model, dataset, dataDir, protocol, lr, batch, momentum, form, v, epochs, seed,
                trainSubset, threads, evalBatch, inputScaling, init);
    }

    public TrainConfig withEpochs(int v) {
        return new TrainConfig(model, dataset, dataDir, protocol, lr, batch, momentum, form, weightDecay, v, seed,
                trainSubset, threads, evalBatch, inputScaling, init);
    }

    public TrainConfig withSeed(long v) {
        return new TrainConfig(model, dataset, dataDir, protocol, lr, batch, momentum, form, weightDecay, epochs, v,
                trainSubset, threads, evalBatch, inputScaling, init);
    }

    /** Train on the first {@code v} training images (0: all). */
    public TrainConfig withTrainSubset(int v) {
        return new TrainConfig(model, dataset, dataDir, protocol, lr, batch, momentum, form, weightDecay, epochs, seed,
                v, threads, evalBatch, inputScaling, init);
    }

    public TrainConfig withThreads(int v) {
        return new TrainConfig(model, dataset, dataDir, protocol, lr, batch, momentum, form, weightDecay, epochs, seed,
                trainSubset, v, evalBatch, inputScaling, init);
    }

    public TrainConfig withEvalBatch(int v) {
        return new TrainConfig(model, dataset, dataDir, protocol, lr, batch, momentum, form, weightDecay, epochs, seed,
                trainSubset, threads, v, inputScaling, init);
    }

    /** Starts from the weights of a file instead of the seeded initialisation (null: the seeded one). */
    public TrainConfig withInit(InitialWeights v) {
        return new TrainConfig(model, dataset, dataDir, protocol, lr, batch, momentum, form, weightDecay, epochs, seed,
                trainSubset, threads, evalBatch, inputScaling, v);
    }

    /**
     * Initial weights read from a safetensors file of PyTorch state-dict tensors: its path and SHA-256 (checked again
     * whenever the run restarts from them), the tensors loaded, and the parameter blocks the file does not supply,
     * which keep the seeded initialisation (for VGG16 from torchvision's ImageNet weights: the classifier, replaced
     * by Linear(512, 10) as Model 3 has it).
     */
    public record InitialWeights(String file, String sha256, java.util.List<String> loaded,
                                 java.util.List<String> seeded) {
        /** Reads and checks {@code file} against {@code model} (seeded blocks from {@code seed}). */
        public static InitialWeights of(Path file, String model, long seed) throws java.io.IOException {
            StateDict.Loaded l = StateDict.load(file,
                    model, seed);
            return new InitialWeights(file.toAbsolutePath().normalize().toString(),
                    Sha256.of(file), l.loaded(), l.seeded());
        }

        /** The parameters, after checking that the file is still the one recorded. */
        public float[] parameters(String model, long seed) throws java.io.IOException {
            Path f = Path.of(file);
            String now = Sha256.of(f);
            if (!now.equals(sha256)) {
                throw new java.io.IOException(file + ": changed since the run recorded it as its initial weights"
                        + " (SHA-256 " + sha256 + ", now " + now + ")");
            }
            return StateDict.load(f, model, seed).params();
        }
    }
}
