package org.thermosgd.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkSpecTest {
    @TempDir
    Path dir;

    /** Model 2 and VGG16: torchvision's state-dict names, the parameter counts of their PyTorch modules. */
    @Test
    void builtInNetworksHavePyTorchNamesAndCounts() {
        assertEquals(418_122, ModelCatalog.CNN.parameterCount());
        assertEquals(14_719_818, ModelCatalog.VGG16.parameterCount());
        List<String> names = ModelCatalog.CNN.blocks().stream().map(ParameterBlock::name).toList();
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias",
                "features.5.weight", "features.5.bias", "features.7.weight", "features.7.bias", "features.9.weight",
                "features.9.bias", "classifier.weight", "classifier.bias"), names);
        assertEquals("features.28.weight", ModelCatalog.VGG16.blocks().get(24).name());
        assertArrayEquals(new int[] {128, 3, 3}, ModelCatalog.CNN.shapes().get(11));
    }

    @Test
    void jsonRoundTripsAndClassifierNamesFollowSequential() throws Exception {
        Path f = dir.resolve("net.json");
        Files.writeString(f, "{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 8,"
                + " \"kernel_size\": 5, \"stride\": 2, \"padding\": 2}, {\"type\": \"relu\"}, {\"type\": \"flatten\"},"
                + " {\"type\": \"linear\", \"out_features\": 32}, {\"type\": \"relu\"},"
                + " {\"type\": \"linear\", \"out_features\": 10}]}");
        NetworkSpec s = NetworkSpec.read(f);
        assertEquals("net", s.name());
        assertArrayEquals(new int[] {8, 14, 14}, s.shapes().get(0));
        assertEquals(List.of("features.0.weight", "features.0.bias", "classifier.0.weight", "classifier.0.bias",
                "classifier.2.weight", "classifier.2.bias"), s.blocks().stream().map(ParameterBlock::name).toList());
        assertEquals(8 * 25 + 8 + 8 * 14 * 14 * 32 + 32 + 32 * 10 + 10, s.parameterCount());
        Path back = dir.resolve("back.json");
        Files.writeString(back, s.toJson());
        assertEquals(s, NetworkSpec.read(back));
        assertTrue(s.describe().contains("Conv2d(1, 8, kernel_size=5, stride=2, padding=2)"));
    }

    private String error(String json) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, json);
        return assertThrows(IllegalArgumentException.class, () -> NetworkSpec.read(f)).getMessage();
    }

    /** Every error names the file, the layer or field, what was expected and what was found. */
    @Test
    void badSpecificationsGetOneLineErrors() throws Exception {
        String m = error("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 4,"
                + " \"kernel_size\": 3}, {\"type\": \"flatten\"}, {\"type\": \"linear\", \"in_features\": 100,"
                + " \"out_features\": 10}]}");
        assertTrue(m.contains("bad.json") && m.contains("layer 2 (linear)") && m.contains("in_features 100")
                && m.contains("[2704]"), m);
        m = error("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 4,"
                + " \"kernel_size\": 3}, {\"type\": \"linear\", \"out_features\": 10}]}");
        assertTrue(m.contains("needs a flat input") && m.contains("[4, 26, 26]"), m);
        m = error("{\"input\": [1, 4, 4], \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 4,"
                + " \"kernel_size\": 5}, {\"type\": \"flatten\"}, {\"type\": \"linear\", \"out_features\": 10}]}");
        assertTrue(m.contains("does not fit its input of size 4"), m);
        m = error("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"conv3d\"}]}");
        assertTrue(m.contains("layers[0].type") && m.contains("conv3d"), m);
        m = error("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"linear\", \"out_features\": 10,"
                + " \"bias\": false}]}");
        assertTrue(m.contains("unknown field 'bias'"), m);
        m = error("{\"input\": [1, 28], \"layers\": []}");
        assertTrue(m.contains("'input'"), m);
        m = error("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 4,"
                + " \"kernel_size\": 3}]}");
        assertTrue(m.contains("last layer must give the class scores"), m);
        m = error("not json");
        assertTrue(m.contains("bad.json") && m.contains("cannot read"), m);
    }

    /** A one-conv, one-linear network on 1x28x28 whose conv and linear layers carry the given JSON extras. */
    private static String named(String convExtra, String linearExtra) {
        return "{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 2, \"kernel_size\": 3"
                + convExtra + "}, {\"type\": \"relu\"}, {\"type\": \"flatten\"}, {\"type\": \"linear\","
                + " \"out_features\": 10" + linearExtra + "}]}";
    }

    /**
     * Issue 22: a layer name becomes a state-dict key; "", an array, an object, a path and a name already taken (once
     * silently dropping the first layer's tensors on export) are refused with the layer, the field and the value.
     */
    @Test
    void layerNamesMustBeDistinctModuleNames() throws Exception {
        String m = error(named(", \"name\": \"\"", ""));
        assertTrue(m.contains("layers[0].name") && m.contains("module name") && m.contains("\"\""), m);
        m = error(named(", \"name\": [\"a\"]", ""));
        assertTrue(m.contains("layers[0].name") && m.contains("[\"a\"]"), m);
        m = error(named("", ", \"name\": {\"x\": 1}"));
        assertTrue(m.contains("layers[3].name") && m.contains("{\"x\":1}"), m);
        m = error(named(", \"name\": \"../../etc/passwd\"", ""));
        assertTrue(m.contains("layers[0].name") && m.contains("../../etc/passwd"), m);
        m = error(named(", \"name\": \"fc\"", ", \"name\": \"fc\""));
        assertTrue(m.contains("bad.json") && m.contains("layer 3 (linear)") && m.contains("\"fc\"")
                && m.contains("layer 0 (conv2d)"), m);
        m = error(named(", \"name\": \"classifier\"", ""));
        assertTrue(m.contains("layer 3 (linear)") && m.contains("\"classifier\""), m);
        m = error("{\"name\": 5, \"input\": [1, 28, 28], \"layers\": [{\"type\": \"flatten\"}, {\"type\": \"linear\","
                + " \"out_features\": 10}]}");
        assertTrue(m.contains("field 'name' must be a string, found 5"), m);
        m = error("{\"input\": [1, 28, 28], \"layers\": [\"relu\"]}");
        assertTrue(m.contains("layers[0] must be an object"), m);
        NetworkSpec ok = NetworkSpec.read(write(named(", \"name\": \"features.conv_1\"", ", \"name\": \"head\"")));
        assertEquals(List.of("features.conv_1.weight", "features.conv_1.bias", "head.weight", "head.bias"),
                ok.blocks().stream().map(ParameterBlock::name).toList());
    }

    private Path write(String json) throws Exception {
        Path f = dir.resolve("ok.json");
        Files.writeString(f, json);
        return f;
    }

    /**
     * Issue 22: padding near 2^31 once overflowed int and printed a wrong shape; now refused naming layer and field.
     */
    @Test
    void shapesThatOverflowAreRefused() throws Exception {
        String m = error(named(", \"padding\": 1073741823", ""));
        assertTrue(m.contains("layer 0 (conv2d)") && m.contains("padding 1073741823"), m);
        m = error(named(", \"padding\": 536870912", ""));
        assertTrue(m.contains("layer 0 (conv2d)") && m.contains("values per sample"), m);
        m = error("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"maxpool2d\", \"kernel_size\": 2,"
                + " \"padding\": 1073741824}, {\"type\": \"flatten\"}, {\"type\": \"linear\", \"out_features\": 10}]}");
        assertTrue(m.contains("layer 0 (maxpool2d)") && m.contains("padding must be in"), m);
        m = error("{\"input\": [1, 65536, 65536], \"layers\": [{\"type\": \"flatten\"}, {\"type\": \"linear\","
                + " \"out_features\": 10}]}");
        assertTrue(m.contains("input [1, 65536, 65536]") && !m.contains("integer overflow"), m);
        m = error("{\"input\": [1, 256, 256], \"layers\": [{\"type\": \"flatten\"}, {\"type\": \"linear\","
                + " \"out_features\": 65536}, {\"type\": \"linear\", \"out_features\": 10}]}");
        assertTrue(m.contains("4295688202 parameters") && m.contains("more than"), m);
        // a kernel near 2^31 once wrapped the parameter count to a negative number, and the spec was accepted
        m = error("{\"input\": [1, 1, 1], \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 4,"
                + " \"kernel_size\": 2147483647, \"padding\": 1073741824}, {\"type\": \"flatten\"},"
                + " {\"type\": \"linear\", \"out_features\": 10}]}");
        assertTrue(m.contains("parameters, more than") || m.contains("layer 0 (conv2d)"), m);
    }

    /** A spec of this many ReLU layers between flatten and the last linear layer. */
    private static String relus(int n) {
        StringBuilder sb = new StringBuilder("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"flatten\"}");
        for (int i = 0; i < n; i++) {
            sb.append(", {\"type\": \"relu\"}");
        }
        return sb.append(", {\"type\": \"linear\", \"out_features\": 10}]}").toString();
    }

    /**
     * Issue 22: the cost model counts parameters and activations before anything is allocated; 10,000 ReLU layers
     * (10.6 GB once) exceed the layer cap, a network of terabytes of activations is refused with both numbers.
     */
    @Test
    void costModelRefusesNetworksBeyondMemory() throws Exception {
        NetworkSpec.Cost c = ModelCatalog.CNN.cost(256);
        assertEquals(418_122, c.parameters());
        long a = 784;
        for (int[] shape : ModelCatalog.CNN.shapes()) {
            a += java.util.Arrays.stream(shape).asLongStream().reduce(1, (x, y) -> x * y);
        }
        assertEquals(a, c.activationsPerSample());
        assertEquals(16.0 * 418_122, c.heapBytes());
        assertEquals(32.0 * 418_122 + 4.0 * a * (2 * 256 + 256), c.totalBytes());
        ModelCatalog.CNN.requireMemory(256);

        String m = error(relus(10_000));
        assertTrue(m.contains("10002 layers, more than the 1000"), m);
        NetworkSpec.read(write(relus(100)));

        Path big = write("{\"input\": [3, 4096, 4096], \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 64,"
                + " \"kernel_size\": 3, \"padding\": 1}, {\"type\": \"maxpool2d\", \"kernel_size\": 4096},"
                + " {\"type\": \"flatten\"}, {\"type\": \"linear\", \"out_features\": 10}]}");
        NetworkSpec s = NetworkSpec.read(big);
        m = assertThrows(IllegalArgumentException.class, () -> s.requireMemory(256)).getMessage();
        assertTrue(m.contains("network 'ok'") && m.contains("at batch 256") && m.contains("TB of memory")
                && m.contains("this machine has"), m);
        m = assertThrows(IllegalArgumentException.class, () -> ModelCatalog.requireTrainable(big.toString(), 256, 10))
                .getMessage();
        assertTrue(m.startsWith("model file " + big) && m.contains("TB of memory"), m);
    }

    /** Issue 22: a network with 8 outputs for 10 classes is refused before training (once: index out of bounds). */
    @Test
    void lastLayerMustGiveOneOutputPerClass() throws Exception {
        Path f = write(named("", "").replace("\"out_features\": 10", "\"out_features\": 8"));
        String m = assertThrows(IllegalArgumentException.class, () -> ModelCatalog.requireTrainable(f.toString(), 256,
                10)).getMessage();
        assertTrue(m.contains("model file " + f) && m.contains("layer 3 (linear)") && m.contains("8 outputs")
                && m.contains("10 classes"), m);
        ModelCatalog.requireTrainable("cnn", 256, 10);
        ModelCatalog.requireTrainable("mlp", 256, 10);
    }

    /** Issue 22: per-sample gradient arrays beyond an int length failed with a bare "integer overflow". */
    @Test
    void perSampleGradientArraysSayTheirSize() {
        String m = assertThrows(IllegalArgumentException.class, () -> PerSampleGradients.floats(100_000,
                14_719_818)).getMessage();
        assertTrue(m.contains("100,000 samples x 14,719,818 parameters") && m.contains("a Java array holds"), m);
        assertEquals(256 * 418_122, PerSampleGradients.floats(256, 418_122));
    }
}
