package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thermosgd.cli.CommandLineHarness.fails;
import static org.thermosgd.cli.CommandLineHarness.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.Json;
import org.thermosgd.training.train.RunFiles;

/** Weights and gradients in and out through the command line, on a short Model 1 run on real MNIST. */
@Tag("slow")
class InteropCommandTest {
    @TempDir
    Path tmp;

    @Test
    void weightsGoOutAndComeBackAndStartANewRun() throws Exception {
        Path run = tmp.resolve("run");
        ok("train", "--epochs", "1", "--train-subset", "2000", "--batch", "100", "--out", run.toString());
        Path file = tmp.resolve("mlp.safetensors");
        JsonNode ex = Json.mapper().readTree(ok("weights", "export", run.toString(), "--out", file.toString(),
                "--json").out());
        assertEquals("fc1.weight", ex.get("tensors").get(0).get("name").asText());
        assertEquals("[100,784]", ex.get("tensors").get(0).get("shape").toString());
        assertEquals("1", ex.get("metadata").get("epoch").asText());
        JsonNode info = Json.mapper().readTree(ok("weights", "info", file.toString(), "--json").out());
        assertEquals(79_510, info.get("elements").asLong());
        assertEquals("mlp", info.get("metadata").get("model").asText());

        double recorded = CommandLineHarness.testAccuracies(run).get(0);
        JsonNode ev = Json.mapper().readTree(ok("weights", "evaluate", file.toString(), "--json").out());
        assertEquals(recorded, ev.get("testAccuracy").asDouble(), 0, "the exported weights are the run's weights");

        Path next = tmp.resolve("next");
        ok("train", "--init", file.toString(), "--epochs", "1", "--train-subset", "2000", "--batch", "100", "--out",
                next.toString());
        JsonNode config = Json.mapper().readTree(next.resolve("config.json").toFile());
        assertEquals(ex.get("sha256").asText(), config.get("train").get("init").get("sha256").asText());
        assertTrue(config.get("conventions").get("initialisation").asText().contains("the 4 tensors of"));
        assertTrue(CommandLineHarness.testAccuracies(next).get(0) > recorded - 0.02,
                "one more epoch from the exported weights does not start over: " + CommandLineHarness
                        .testAccuracies(next) + " after " + recorded);

        assertTrue(fails("train", "--model", "cnn", "--init", file.toString(), "--out", tmp.resolve("x").toString())
                .contains("'features.0.weight' is missing (model cnn expects shape [64, 1, 3, 3]"));
        assertFalse(Files.exists(tmp.resolve("x")), "nothing written for a refused --init");
        assertTrue(fails("train", "--resume", next.toString(), "--init", file.toString())
                .contains("--init " + file + " starts a new run"));
        Path pth = tmp.resolve("model.pth");
        Files.write(pth, new byte[] {(byte) 0x80, 2, 'c'});
        assertTrue(fails("weights", "info", pth.toString()).contains("never unpickles"));
        assertTrue(fails("weights", "export", run.toString(), "--out", tmp.resolve("w.bin").toString())
                .contains("expected a file name ending in .safetensors"));
    }

    @Test
    void savedGradientsReadBackGiveTheSameAnalysis() throws Exception {
        Path run = tmp.resolve("run");
        ok("train", "--epochs", "1", "--train-subset", "2000", "--batch", "100", "--out", run.toString());
        Path npz = tmp.resolve("g.npz");
        JsonNode direct = Json.mapper().readTree(ok("diffusion", "--run", run.toString(), "--samples", "64",
                "--replicates", "0", "--top-k", "5", "--route", "gram", "--save-gradients", npz.toString(), "--json")
                .out());
        Path out = tmp.resolve("from-file");
        JsonNode fromFile = Json.mapper().readTree(ok("diffusion", "--gradients", npz.toString(), "--replicates", "0",
                "--top-k", "5", "--out", out.toString(), "--json").out());
        JsonNode a = direct.get("report");
        JsonNode b = fromFile.get("report");
        assertEquals(64, b.get("samples").asInt());
        assertEquals(4, b.get("blocks").size());
        assertEquals("fc1.weight", b.get("blocks").get(0).get("name").asText());
        for (String field : new String[] {"traceCovariance", "participationRatio", "lambdaMaxOverD"}) {
            assertEquals(a.get(field).asDouble(), b.get(field).asDouble(), 1e-9 * Math.abs(a.get(field).asDouble()),
                    field);
        }
        JsonNode config = Json.mapper().readTree(out.resolve("config.json").toFile());
        assertEquals(64, config.get("samples").asInt());
        assertEquals(64, config.get("sha256").asText().length());
        assertEquals("COMPLETED", Json.mapper().readTree(out.resolve("provenance.json").toFile()).get("status")
                .asText());
        assertTrue(Files.exists(out.resolve("spectrum.csv")));

        Path npy = tmp.resolve("g.npy");
        ok("diffusion", "--run", run.toString(), "--samples", "16", "--replicates", "0", "--top-k", "3",
                "--save-gradients", npy.toString());
        assertEquals(128 + 16L * 79_510 * 4, Files.size(npy));
        assertTrue(Files.exists(tmp.resolve("g.sample_index.npy")));

        assertTrue(fails("diffusion", "--gradients", npz.toString(), "--samples", "10")
                .contains("--samples does not apply to --gradients"));
        assertTrue(fails("diffusion", "--synthetic", "isotropic", "--save-gradients", npy.toString())
                .contains("--save-gradients needs --run"));
        Path bad = tmp.resolve("bad.npy");
        Files.write(bad, java.util.Arrays.copyOf(Files.readAllBytes(npy), 1000));
        assertTrue(fails("diffusion", "--gradients", bad.toString()).contains("needs 5088640 bytes of data"));
        assertTrue(RunFiles.config(run).train().init() == null);
    }
}
