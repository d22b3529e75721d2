package org.thermosgd.training.train;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Provenance;
import org.thermosgd.tensors.TensorFile;
import org.thermosgd.tensors.TensorInfo;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.Datasets;
import org.thermosgd.training.data.Sha256;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.model.Network;
import org.thermosgd.training.model.StateDict;

/**
 * Weights in and out of thermosgd as safetensors state dicts: a run's checkpoint exported for PyTorch, a file's
 * tensors listed, a file's weights evaluated on a data set's test split. Results are JSON-ready maps.
 */
public final class WeightFiles {
    /**
     * One tensor of a file.
     *
     * @param name its name (a state-dict name for weights)
     * @param dtype its element type (F32, F64, ...)
     * @param shape its shape, outermost first
     * @param elements the product of the shape
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Tensor(String name, String dtype, long[] shape, long elements) {
    }

    /**
     * What {@link #export} wrote (JSON fields in alphabetical order).
     *
     * @param written the .safetensors file
     * @param sha256 its SHA-256, hex
     * @param metadata the metadata stored in it (model, dataset, epoch, test_accuracy, run, thermosgd, input)
     * @param tensors its tensors
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Export(String written, String sha256, Map<String, String> metadata, List<Tensor> tensors) {
    }

    /**
     * A tensor file's contents (JSON fields in alphabetical order).
     *
     * @param file the file
     * @param tensors its tensors, in the file's order
     * @param elements the elements of all its tensors
     * @param metadata its metadata (empty where the format has none)
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Info(String file, List<Tensor> tensors, long elements, Map<String, String> metadata) {
    }

    /**
     * Weights evaluated on a test split (JSON fields in alphabetical order).
     *
     * @param file the weights' file
     * @param sha256 its SHA-256, hex
     * @param model the model the weights were loaded as
     * @param dataset the data set
     * @param testImages the test images evaluated
     * @param testLoss mean softmax cross-entropy over them, nats/sample
     * @param testAccuracy fraction whose arg-max logit is the label
     * @param conventions the definitions, in words
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Evaluation(String file, String sha256, String model, String dataset, int testImages,
                             double testLoss, double testAccuracy, String conventions) {
    }

    private WeightFiles() {
    }

    /**
     * Writes the parameters of {@code run} after {@code epoch} (null: the latest) to {@code out} (.safetensors) under
     * PyTorch's state-dict names, with metadata: model, data set, epoch, that epoch's test accuracy, the run, the
     * thermosgd version.
     */
    public static Export export(Path run, Integer epoch, Path out) throws IOException {
        if (!out.getFileName().toString().endsWith(".safetensors")) {
            throw new IllegalArgumentException("--out " + out + ": expected a file name ending in .safetensors");
        }
        if (Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("--out " + out + " already exists; it is never overwritten: choose"
                    + " another name or remove it");
        }
        TrainConfig config = RunFiles.config(run).train();
        Checkpoint c = RunFiles.checkpoint(run, epoch, "--checkpoint");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        if (ModelCatalog.isFile(config.model())) {
            meta.put("model", RunFiles.MODEL_SPEC + " of the run (its layers: weights info lists the tensors)");
            meta.put("model_sha256", Sha256.of(Path.of(config.model())));
        } else {
            meta.put("model", config.model());
        }
        meta.put("dataset", config.dataset());
        meta.put("epoch", Integer.toString(c.epochsCompleted()));
        Double accuracy = testAccuracy(run, c.epochsCompleted());
        if (accuracy != null) {
            meta.put("test_accuracy", Double.toString(accuracy));
        }
        meta.put("run", run.toAbsolutePath().normalize().getFileName().toString());
        meta.put("thermosgd", Provenance.libraryVersions().getOrDefault("thermosgd", "unknown"));
        meta.put("input", "pixels / 255 in [0, 1], no normalisation, NCHW " + String.join("x",
                java.util.Arrays.stream(ModelCatalog.inputShape(config.model())).mapToObj(Integer::toString)
                        .toList()));
        StateDict.export(config.model(), c.params(), out, meta);
        return new Export(out.toString(), Sha256.of(out), meta, info(out).tensors());
    }

    private static Double testAccuracy(Path run, int epoch) throws IOException {
        if (!Files.isRegularFile(run.resolve(RunFiles.EPOCHS))) {
            return null;
        }
        CsvTable t = RunFiles.epochs(run);
        for (int i = 0; i < t.rowCount(); i++) {
            if ((int) t.number(i, "epoch") == epoch) {
                return t.number(i, "test_accuracy");
            }
        }
        return null;
    }

    /** The tensors of a .npy, .npz or .safetensors file (name, dtype, shape, elements) and its metadata. */
    public static Info info(Path file) throws IOException {
        try (TensorFile f = TensorFile.open(file)) {
            List<Tensor> tensors = new ArrayList<>();
            long total = 0;
            for (TensorInfo t : f.tensors()) {
                tensors.add(new Tensor(t.name(), t.dtype().name(), t.shape(), t.elements()));
                total += t.elements();
            }
            return new Info(file.toString(), tensors, total, f.metadata());
        }
    }

    /**
     * Test loss (nats/sample, mean) and accuracy of the weights in {@code file} as {@code model} on the test split
     * of {@code dataset} (inputs scaled as {@link TrainConfig#INPUT_SCALING}).
     */
    public static Evaluation evaluate(Path file, String model, String dataset, Path dataDir, int evalBatch)
            throws IOException {
        ModelCatalog.entry(model);
        StateDict.Loaded loaded = StateDict.load(file, model, 1L);
        if (!loaded.seeded().isEmpty()) {
            throw new IllegalArgumentException(file + ": does not hold " + loaded.seeded() + " of model " + model
                    + "; a network with untrained parameters has nothing to evaluate");
        }
        Dataset data = Datasets.load(dataset, dataDir, DataHome.fromEnvironment());
        Trainer.check(TrainConfig.defaults().withModel(model).withDataset(dataset).withBatch(1), data);
        Network net = ModelCatalog.withParameters(model, loaded.params());
        double[] r = Trainer.evaluate(net, data.test(), evalBatch);
        return new Evaluation(file.toString(), Sha256.of(file), model, dataset, data.test().size(), r[0], r[1],
                "test loss: softmax cross-entropy, mean over the test split, nats/sample; accuracy:"
                + " fraction of test images whose arg-max logit is the label; inputs " + TrainConfig.INPUT_SCALING);
    }
}
