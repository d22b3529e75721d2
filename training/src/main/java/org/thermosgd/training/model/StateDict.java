package org.thermosgd.training.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thermosgd.tensors.SafeTensorsWriter;
import org.thermosgd.tensors.TensorFile;
import org.thermosgd.tensors.TensorFileException;
import org.thermosgd.tensors.TensorInfo;

/**
 * A network's parameters as PyTorch's state dict: one tensor per {@link ParameterBlock}, named and shaped as
 * {@code model.state_dict()} names them ({@code fc1.weight} [100, 784], {@code features.0.weight} [64, 1, 3, 3],
 * {@code classifier.weight} [10, 512]), float32, in safetensors files.
 */
public final class StateDict {
    /** The key prefix of torchvision's VGG16 head (Linear 25088 -> 4096 -> 4096 -> 1000), which Model 3 replaces. */
    static final String TORCHVISION_HEAD = "classifier.";

    private StateDict() {
    }

    /** Weights read for a model: the flat parameter vector and which blocks came from the file. */
    public record Loaded(float[] params, List<String> loaded, List<String> seeded) {
    }

    /** Writes {@code params} of {@code model} as safetensors under state-dict names, with the given metadata. */
    public static void export(String model, float[] params, Path target, Map<String, String> metadata)
            throws IOException {
        Network net = ModelCatalog.withParameters(model, params);
        List<SafeTensorsWriter.Tensor> tensors = new ArrayList<>();
        for (ParameterBlock b : net.blocks()) {
            tensors.add(new SafeTensorsWriter.Tensor(b.name(), b.shape(), Arrays.copyOfRange(params,
                    Math.toIntExact(b.offset()), Math.toIntExact(b.offset() + b.size()))));
        }
        SafeTensorsWriter.write(target, tensors, metadata);
    }

    /**
     * The parameters of {@code model} from a state-dict file: every block's tensor must be present with the block's
     * shape, and no other tensor may be there; the one exception is VGG16 from torchvision, whose {@code classifier.*}
     * head is not Model 3's: then the features are loaded and the classifier keeps the seeded initialisation.
     * Mismatches are a {@link TensorFileException} naming the tensor, the expected and the found shape.
     */
    public static Loaded load(Path file, String model, long seed) throws IOException {
        Network net = ModelCatalog.create(model, seed);
        float[] params = net.params().toFloatVector();
        try (TensorFile f = TensorFile.open(file)) {
            Map<String, TensorInfo> byName = new LinkedHashMap<>();
            for (TensorInfo t : f.tensors()) {
                byName.put(t.name(), t);
            }
            boolean torchvisionHead = model.equals("vgg16") && byName.keySet().stream().anyMatch(k ->
                    k.startsWith(TORCHVISION_HEAD) && !k.equals("classifier.weight") && !k.equals("classifier.bias"));
            List<String> loaded = new ArrayList<>();
            List<String> seeded = new ArrayList<>();
            Set<String> unused = new LinkedHashSet<>(byName.keySet());
            for (ParameterBlock b : net.blocks()) {
                TensorInfo t = byName.get(b.name());
                if (torchvisionHead && b.name().startsWith(TORCHVISION_HEAD)) {
                    seeded.add(b.name());
                    continue;
                }
                if (t == null) {
                    throw new TensorFileException(file, "tensor '" + b.name() + "' is missing (model " + model
                            + " expects shape " + Arrays.toString(b.shape()) + "; the file holds "
                            + summary(byName.keySet()) + ")");
                }
                if (!Arrays.equals(t.shape(), b.shape())) {
                    throw new TensorFileException(file, "tensor '" + b.name() + "' has shape " + t.shapeText()
                            + ", model " + model + " expects " + Arrays.toString(b.shape()));
                }
                if (!t.dtype().floating()) {
                    throw new TensorFileException(file, "tensor '" + b.name() + "' has dtype " + t.dtype()
                            + " (expected a floating type: F32, F64, F16 or BF16)");
                }
                float[] v = f.readFloats(b.name());
                System.arraycopy(v, 0, params, Math.toIntExact(b.offset()), v.length);
                loaded.add(b.name());
                unused.remove(b.name());
            }
            if (torchvisionHead) {
                unused.removeIf(k -> k.startsWith(TORCHVISION_HEAD));
            }
            if (!unused.isEmpty()) {
                throw new TensorFileException(file, "tensors " + summary(unused) + " are not parameters of model "
                        + model + " (it has " + summary(net.blocks().stream().map(ParameterBlock::name).toList())
                        + ")");
            }
            for (float x : params) {
                if (!Float.isFinite(x)) {
                    throw new TensorFileException(file, "holds a non-finite weight (" + x + ")");
                }
            }
            return new Loaded(params, List.copyOf(loaded), List.copyOf(seeded));
        }
    }

    private static String summary(java.util.Collection<String> names) {
        List<String> l = List.copyOf(names);
        return l.size() <= 6 ? l.toString() : "[" + String.join(", ", l.subList(0, 4)) + ", ... "
                + l.get(l.size() - 1) + "] (" + l.size() + ")";
    }
}
