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

/** thermosgd hessian on a short Model 1 run on real MNIST: spectrum, traces, stability, refusals. */
@Tag("slow")
class HessianCommandTest {
    @TempDir
    Path tmp;

    @Test
    void model1SpectrumTraceAndStabilityAgreeAcrossProductRoutes() throws Exception {
        Path run = tmp.resolve("run");
        CommandLineHarness.Result t = CommandLineHarness.run("train", "--epochs", "1", "--train-subset", "3000",
                "--batch", "100", "--lr", "0.01", "--out", run.toString());
        assertEquals(0, t.exit(), t.err());
        String[] base = {"hessian", "--run", run.toString(), "--samples", "1000", "--top-k", "3", "--probes", "10",
                "--density-probes", "1", "--density-steps", "20", "--json"};
        CommandLineHarness.Result r = CommandLineHarness.run(base);
        assertEquals(0, r.exit(), r.err());
        JsonNode j = Json.mapper().readTree(r.out());
        assertTrue(j.get("converged").asBoolean());
        JsonNode ev = j.get("eigenvalues");
        assertTrue(ev.get(0).asDouble() >= ev.get(1).asDouble() && ev.get(1).asDouble() >= ev.get(2).asDouble());
        for (int i = 0; i < 3; i++) {
            assertTrue(j.get("residuals").get(i).asDouble() <= 1e-3 * ev.get(0).asDouble(), j.get("residuals")
                    .toString());
        }
        double bound = j.get("stability").get("bound").asDouble();
        assertEquals(2 * 1.9 / 2.8, bound, 1e-9, "torch-nesterov at momentum 0.9");
        assertEquals(0.01 * ev.get(0).asDouble() / bound, j.get("stability").get("ratio").asDouble(), 1e-12);
        JsonNode trace = j.get("trace");
        assertTrue(trace.get("lo").asDouble() < trace.get("hi").asDouble());
        assertTrue(trace.get("value").asDouble() > ev.get(0).asDouble(), "trace above the top eigenvalue");
        assertEquals(4, j.get("layerTraces").size());
        Path dir = run.resolve("hessian-epoch-1");
        assertEquals(3, CsvTable.read(dir.resolve("eigenvalues.csv")).rowCount());
        assertEquals(5, CsvTable.read(dir.resolve("traces.csv")).rowCount());
        assertTrue(Files.exists(dir.resolve("figures").resolve("hessian-density.png")));

        // an independent computation: central differences of the training network's own gradients
        CommandLineHarness.Result fd = CommandLineHarness.run(CommandLineHarness.with(base, "--products",
                "differences"));
        assertEquals(0, fd.exit(), fd.err());
        JsonNode f = Json.mapper().readTree(fd.out());
        for (int i = 0; i < 3; i++) {
            double a = ev.get(i).asDouble();
            assertEquals(a, f.get("eigenvalues").get(i).asDouble(), 1e-4 * a, "eigenvalue " + (i + 1) + ": R-operator"
                    + " against central differences (" + f.get("source").get("products").asText() + ")");
        }

        CommandLineHarness.Result noisy = CommandLineHarness.run(CommandLineHarness.with(base, "--noise-samples",
                "200"));
        assertEquals(0, noisy.exit(), noisy.err());
        JsonNode noise = Json.mapper().readTree(noisy.out()).get("noise");
        double cosH = noise.get("cosineHS").asDouble();
        double cosI = noise.get("cosineIS").asDouble();
        // an independent computation: diffusion draws the same 200 samples (same seed) and its naive participation
        // ratio (tr S)^2 / (n tr S^2) is cos(I, S)^2 of the same sample covariance; its D is tr S / n
        CommandLineHarness.Result diffusion = CommandLineHarness.run("diffusion", "--run", run.toString(),
                "--samples", "200", "--replicates", "0", "--top-k", "3", "--route", "gram", "--json");
        assertEquals(0, diffusion.exit(), diffusion.err());
        JsonNode d = Json.mapper().readTree(diffusion.out()).get("report");
        assertEquals(Math.sqrt(d.get("participationRatioNaive").asDouble()), cosI, 1e-4 * cosI,
                "cos(I, S) against the diffusion analysis of the same samples");
        assertEquals(d.get("traceCovariance").asDouble(), noise.get("traceS").asDouble(),
                1e-4 * d.get("traceCovariance").asDouble(), "tr S against the diffusion analysis");
        assertEquals(noise.get("traceHS").asDouble() / (noise.get("frobeniusH").asDouble()
                * noise.get("frobeniusS").asDouble()), cosH, 1e-12, "cos(H, S) = tr(H S) / (|H|_F |S|_F)");
        assertEquals(3, noise.get("topDirections").size());
        for (JsonNode row : noise.get("topDirections")) {
            // M = (N-1)/N S + mean mean^T, so u'Mu >= (N-1)/N u'Su along every direction
            assertTrue(row.get(2).asDouble() >= 199.0 / 200 * row.get(1).asDouble() * (1 - 1e-9), row.toString());
        }
        // S of N = 200 samples has rank at most N - 1, so cos(I, S) <= sqrt((N - 1) / n) = 0.050 for n = 79,510
        // parameters: the isotropic model cannot hold here, and after one epoch the noise is not proportional to H
        assertTrue(cosI <= Math.sqrt(199.0 / 79_510) + 1e-9, "cos(I, S) " + cosI);
        assertTrue(cosH < 0.9, "cos(H, S) " + cosH);
        assertEquals(String.format("neither: cos(Sigma, H) = %.3f, cos(Sigma, I) = %.3f, both below 0.9", cosH, cosI),
                noise.get("verdict").asText());
        assertEquals(3, CsvTable.read(dir.resolve("noise-curvature.csv")).rowCount());

        CommandLineHarness.Result unconverged = CommandLineHarness.run("hessian", "--run", run.toString(),
                "--samples", "200", "--top-k", "5", "--max-steps", "5", "--tolerance", "1e-9", "--probes", "2",
                "--density-probes", "1", "--density-steps", "2");
        assertEquals(Thermosgd.EXIT_ERROR, unconverged.exit());
        assertTrue(unconverged.err().contains("Lanczos did not converge in"), unconverged.err());
        assertEquals(1, unconverged.err().strip().lines().filter(l -> l.startsWith("thermosgd: error")).count());
        for (String[] bad : new String[][] {{"--samples", "3001"}, {"--top-k", "0"}, {"--top-k", "80000"},
                {"--checkpoint", "7"}, {"--products", "dual"}}) {
            CommandLineHarness.Result b = CommandLineHarness.run(CommandLineHarness.with(new String[] {"hessian",
                    "--run", run.toString()}, bad));
            assertEquals(Thermosgd.EXIT_ERROR, b.exit(), String.join(" ", bad));
            assertTrue(b.err().contains(bad[0] + " " + bad[1]) || b.err().contains(bad[0] + " '" + bad[1] + "'"),
                    b.err());
        }
    }
}
