package org.thermosgd.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.tensors.SafeTensorsWriter;
import org.thermosgd.tensors.TensorFile;
import org.thermosgd.tensors.TensorFileException;

class StateDictTest {
    @TempDir
    Path dir;

    @Test
    void exportedWeightsCarryTorchNamesAndShapesAndLoadBackBitExactly() throws IOException {
        float[] params = ModelCatalog.create("mlp", 7L).params().toFloatVector();
        Path f = dir.resolve("mlp.safetensors");
        StateDict.export("mlp", params, f, Map.of("model", "mlp"));
        try (TensorFile t = TensorFile.open(f)) {
            assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"),
                    t.tensors().stream().map(x -> x.name()).toList());
            assertArrayEquals(new long[] {100, 784}, t.tensor("fc1.weight").shape());
            assertArrayEquals(Arrays.copyOfRange(params, 78_400, 78_500), t.readFloats("fc1.bias"));
        }
        StateDict.Loaded back = StateDict.load(f, "mlp", 99L);
        assertArrayEquals(params, back.params());
        assertEquals(4, back.loaded().size());
        assertTrue(back.seeded().isEmpty());
    }

    private Path mlpFile(String name, String replace, long[] shape) throws IOException {
        Network net = ModelCatalog.create("mlp", 1L);
        float[] p = net.params().toFloatVector();
        List<SafeTensorsWriter.Tensor> ts = new ArrayList<>();
        for (ParameterBlock b : net.blocks()) {
            if (b.name().equals(replace)) {
                if (shape != null) {
                    ts.add(new SafeTensorsWriter.Tensor(b.name(), shape, new float[(int) (shape[0] * shape[1])]));
                }
                continue;
            }
            ts.add(new SafeTensorsWriter.Tensor(b.name(), b.shape(), Arrays.copyOfRange(p, (int) b.offset(),
                    (int) (b.offset() + b.size()))));
        }
        if (replace == null) {
            ts.add(new SafeTensorsWriter.Tensor("fc3.weight", new long[] {1, 1}, new float[1]));
        }
        Path f = dir.resolve(name);
        SafeTensorsWriter.write(f, ts, Map.of());
        return f;
    }

    @Test
    void mismatchesNameTheTensorAndBothShapes() throws IOException {
        Path wrong = mlpFile("wrong.safetensors", "fc1.weight", new long[] {784, 100});
        String m = assertThrows(TensorFileException.class, () -> StateDict.load(wrong, "mlp", 1L)).getMessage();
        assertTrue(m.startsWith(wrong.toString()) && m.contains("'fc1.weight' has shape [784, 100], model mlp"
                + " expects [100, 784]"), m);
        Path missing = mlpFile("missing.safetensors", "fc2.bias", null);
        m = assertThrows(TensorFileException.class, () -> StateDict.load(missing, "mlp", 1L)).getMessage();
        assertTrue(m.contains("'fc2.bias' is missing (model mlp expects shape [10]"), m);
        Path extra = mlpFile("extra.safetensors", null, null);
        m = assertThrows(TensorFileException.class, () -> StateDict.load(extra, "mlp", 1L)).getMessage();
        assertTrue(m.contains("tensors [fc3.weight] are not parameters of model mlp"), m);
        m = assertThrows(TensorFileException.class, () -> StateDict.load(extra, "cnn", 1L)).getMessage();
        assertTrue(m.contains("'features.0.weight' is missing"), m);
    }

    @Test
    void torchvisionVgg16FeaturesLoadAndTheClassifierIsReplacedBySeededLinear512To10() throws IOException {
        Network vgg = ModelCatalog.create("vgg16", 3L);
        List<SafeTensorsWriter.Tensor> ts = new ArrayList<>();
        for (ParameterBlock b : vgg.blocks()) {
            if (b.name().startsWith("features.")) {
                float[] v = new float[(int) b.size()];
                Arrays.fill(v, 0.25f);
                ts.add(new SafeTensorsWriter.Tensor(b.name(), b.shape(), v));
            }
        }
        // torchvision's head, shrunk: the loader recognises it by its keys, not its size
        ts.add(new SafeTensorsWriter.Tensor("classifier.0.weight", new long[] {4, 8}, new float[32]));
        ts.add(new SafeTensorsWriter.Tensor("classifier.6.bias", new long[] {2}, new float[2]));
        Path f = dir.resolve("vgg16.safetensors");
        SafeTensorsWriter.write(f, ts, Map.of());
        StateDict.Loaded l = StateDict.load(f, "vgg16", 3L);
        assertEquals(26, l.loaded().size());
        assertEquals(List.of("classifier.weight", "classifier.bias"), l.seeded());
        float[] fresh = vgg.params().toFloatVector();
        ParameterBlock head = vgg.blocks().get(26);
        assertEquals(0.25f, l.params()[0]);
        assertArrayEquals(Arrays.copyOfRange(fresh, (int) head.offset(), fresh.length),
                Arrays.copyOfRange(l.params(), (int) head.offset(), fresh.length), "classifier from the seed");
    }
}
