package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thermosgd.cli.CommandLineHarness.fails;
import static org.thermosgd.cli.CommandLineHarness.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.Json;
import org.thermosgd.training.data.Sha256;

/** Networks as data through the command line: describe, train, move, export, evaluate, diffuse, on real MNIST. */
@Tag("slow")
class EngineCommandTest {
    @TempDir
    Path tmp;

    @Test
    void modelsDescribesBuiltInAndUserNetworks() throws Exception {
        String cnn = ok("models", "cnn").out();
        assertTrue(cnn.contains("features.9") && cnn.contains("[128, 3, 3]") && cnn.contains("418,122"), cnn);
        Path spec = tmp.resolve("cnn.json");
        Files.writeString(spec, ok("models", "cnn", "--json").out());
        assertTrue(ok("models", spec.toString()).out().contains("total parameters: 418,122"));
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, Files.readString(spec).replace("\"in_channels\" : 64", "\"in_channels\" : 65"));
        String err = fails("models", bad.toString());
        assertTrue(err.contains("bad.json") && err.contains("in_channels 65") && err.contains("[64, 26, 26]"), err);
        err = fails("train", "--model", bad.toString(), "--epochs", "1", "--out", tmp.resolve("x").toString());
        assertTrue(err.contains("in_channels 65"), err);
    }

    /** A strided, padded network of one's own: trains, its folder moved and its file gone, exports and diffuses. */
    @Test
    void aUserNetworkTrainsExportsAndDiffuses() throws Exception {
        Path spec = tmp.resolve("small.json");
        Files.writeString(spec, "{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 16,"
                + " \"kernel_size\": 5, \"stride\": 2, \"padding\": 2}, {\"type\": \"relu\"}, {\"type\": \"maxpool2d\","
                + " \"kernel_size\": 2}, {\"type\": \"flatten\"}, {\"type\": \"linear\", \"out_features\": 32},"
                + " {\"type\": \"relu\"}, {\"type\": \"linear\", \"out_features\": 10}]}");
        Path run = tmp.resolve("run");
        List<String> common = List.of("--model", spec.toString(), "--train-subset", "2000", "--batch", "50", "--lr",
                "0.05", "--protocol", "constant", "--seed", "4");
        ok(with("train", common, "--epochs", "2", "--out", run.toString()));
        JsonNode config = Json.read(run.resolve("config.json"), JsonNode.class);
        assertEquals("model.json", config.path("train").path("model").asText(), "the run's own copy, no machine path");
        assertEquals(Sha256.of(run.resolve("model.json")), config.path("modelSha256")
                .asText());
        Files.delete(spec);
        Path moved = tmp.resolve("moved");
        Files.move(run, moved);
        double accuracy = CommandLineHarness.testAccuracies(moved).get(1);
        assertTrue(accuracy > 0.6, "2 epochs of 2,000 images reach " + accuracy);
        Path weights = tmp.resolve("small.safetensors");
        ok("weights", "export", moved.toString(), "--out", weights.toString());
        String info = ok("weights", "info", weights.toString()).out();
        assertTrue(info.contains("features.0.weight") && info.contains("classifier.2.bias"), info);
        String eval = ok("weights", "evaluate", weights.toString(), "--model", moved.resolve("model.json").toString(),
                "--dataset", "mnist").out();
        assertTrue(eval.contains(String.format("%.4f", accuracy)), eval + " vs " + accuracy);
        String d = ok("diffusion", "--run", moved.toString(), "--samples", "64", "--json").out();
        JsonNode report = Json.mapper().readTree(d);
        assertTrue(report.toString().contains("participation"), d);
    }

    private static String[] with(String first, List<String> common, String... extra) {
        List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(common);
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }
}
