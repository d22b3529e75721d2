package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Json;

@Tag("slow")
class DiffusionCommandTest {
    @TempDir
    Path tmp;

    @Test
    void syntheticIsotropicNoiseIsReportedIsotropic() throws Exception {
        CommandLineHarness.Result r = CommandLineHarness.run("diffusion", "--synthetic", "isotropic", "--dim", "300",
                "--samples", "300", "--replicates", "40", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode rep = Json.mapper().readTree(r.out()).get("report");
        JsonNode ci = rep.get("participationRatioInterval");
        assertTrue(ci.get("lo").asDouble() <= 1 && ci.get("hi").asDouble() >= 1, ci.toString());
        assertEquals(1.0, rep.get("dCovariance").asDouble(), 0.05);
    }

    @Test
    void trainedNetworkGradientsAreAnalysedAndWritten() throws Exception {
        Path run = tmp.resolve("run");
        CommandLineHarness.Result t = CommandLineHarness.run("train", "--epochs", "2", "--train-subset", "2000",
                "--batch", "100", "--out", run.toString());
        assertEquals(0, t.exit(), t.err());
        CommandLineHarness.Result r = CommandLineHarness.run("diffusion", "--run", run.toString(), "--samples", "64",
                "--replicates", "20", "--top-k", "5", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = Json.mapper().readTree(r.out());
        JsonNode rep = j.get("report");
        assertEquals(79_510, rep.get("dimension").asInt());
        assertEquals(4, rep.get("blocks").size());
        double tr = 0;
        for (JsonNode b : rep.get("blocks")) {
            tr += b.get("traceCovariance").asDouble();
        }
        assertEquals(rep.get("traceCovariance").asDouble(), tr, 1e-9 * tr, "per-layer traces add up");
        double paper = j.get("temperature").get("paper").asDouble();
        double lead = j.get("temperature").get("leadingOrder").asDouble();
        assertEquals(3.0, lead / paper, 1e-9, "constant torch-nesterov: leading order = 3 x paper");
        Path dir = run.resolve("diffusion-epoch-2");
        assertTrue(Files.exists(dir.resolve("diffusion.json")));
        assertEquals(5, CsvTable.read(dir.resolve("spectrum.csv")).rowCount());
        assertEquals("factored", j.get("source").get("route").asText(), "Model 1 takes the factored route");
        CommandLineHarness.Result gram = CommandLineHarness.run("diffusion", "--run", run.toString(), "--samples", "64",
                "--replicates", "0", "--top-k", "5", "--route", "gram", "--json");
        assertEquals(0, gram.exit(), gram.err());
        JsonNode g = Json.mapper().readTree(gram.out()).get("report");
        for (String field : new String[] {"traceCovariance", "participationRatio", "lambdaMaxOverD"}) {
            assertEquals(rep.get(field).asDouble(), g.get(field).asDouble(), 1e-4 * Math.abs(g.get(field)
                    .asDouble()), field + ": factored and gram routes on the same samples");
        }
        CommandLineHarness.Result curved = CommandLineHarness.run("diffusion", "--run", run.toString(), "--samples",
                "64", "--replicates", "0", "--top-k", "5", "--curvature", "3", "--json");
        assertEquals(0, curved.exit(), curved.err());
        JsonNode nc = Json.mapper().readTree(curved.out()).get("curvature");
        assertEquals(3, nc.get("topDirections").size());
        assertTrue(nc.get("cosineIS").asDouble() > 0 && nc.get("cosineIS").asDouble() < 0.1, nc.toString());
        CommandLineHarness.Result badRoute = CommandLineHarness.run("diffusion", "--run", run.toString(), "--route",
                "qr");
        assertEquals(Thermosgd.EXIT_ERROR, badRoute.exit());
        assertTrue(badRoute.err().contains("--route 'qr' must be auto, factored, gram or sketched"), badRoute.err());
        CommandLineHarness.Result bad = CommandLineHarness.run("diffusion", "--run", run.toString(), "--checkpoint",
                "3");
        assertEquals(Thermosgd.EXIT_ERROR, bad.exit());
        assertTrue(bad.err().contains("--checkpoint 3 does not exist"), bad.err());
        assertTrue(Files.exists(run.resolve("checkpoints").resolve("epoch-1.bin")), "per-epoch snapshot");
        CommandLineHarness.Result first = CommandLineHarness.run("diffusion", "--run", run.toString(), "--checkpoint",
                "1",
                "--samples", "32", "--replicates", "10", "--top-k", "3", "--json");
        assertEquals(0, first.exit(), first.err());
        assertEquals(1, Json.mapper().readTree(first.out()).get("source").get("epoch").asInt());
        assertTrue(Files.exists(run.resolve("diffusion-epoch-1").resolve("diffusion.json")));
    }
}
