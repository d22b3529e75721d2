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
}
