package org.thermosgd.training.train;

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
    private WeightFiles() {
    }

    /**
     * Writes the parameters of {@code run} after {@code epoch} (null: the latest) to {@code out} (.safetensors) under
     * PyTorch's state-dict names, with metadata: model, data set, epoch, that epoch's test accuracy, the run, the
     * thermosgd version.
     */
    public static Map<String, Object> export(Path run, Integer epoch, Path out) throws IOException {
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
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("written", out.toString());
        result.put("sha256", Sha256.of(out));
        result.put("metadata", meta);
        result.put("tensors", info(out).get("tensors"));
        return result;
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
    public static Map<String, Object> info(Path file) throws IOException {
        try (TensorFile f = TensorFile.open(file)) {
            List<Map<String, Object>> tensors = new ArrayList<>();
            long total = 0;
            for (TensorInfo t : f.tensors()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", t.name());
                m.put("dtype", t.dtype().name());
                m.put("shape", t.shape());
                m.put("elements", t.elements());
                tensors.add(m);
                total += t.elements();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("file", file.toString());
            out.put("tensors", tensors);
            out.put("elements", total);
            out.put("metadata", f.metadata());
            return out;
        }
    }

    /**
     * Test loss (nats/sample, mean) and accuracy of the weights in {@code file} as {@code model} on the test split
     * of {@code dataset} (inputs scaled as {@link TrainConfig#INPUT_SCALING}).
     */
    public static Map<String, Object> evaluate(Path file, String model, String dataset, Path dataDir, int evalBatch)
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
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file.toString());
        out.put("sha256", Sha256.of(file));
        out.put("model", model);
        out.put("dataset", dataset);
        out.put("testImages", data.test().size());
        out.put("testLoss", r[0]);
        out.put("testAccuracy", r[1]);
        out.put("conventions", "test loss: softmax cross-entropy, mean over the test split, nats/sample; accuracy:"
                + " fraction of test images whose arg-max logit is the label; inputs " + TrainConfig.INPUT_SCALING);
        return out;
    }
}
