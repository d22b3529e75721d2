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
class FpCommandTest {
    @TempDir
    Path tmp;

    @Test
    void overdampedHarmonicSolveMatchesTheory() throws Exception {
        Path out = tmp.resolve("ou");
        CommandLineHarness.Result r = CommandLineHarness.run("fp", "solve", "--overdamped", "--potential", "quadratic",
                "--curvature", "2", "--temperature", "0.5", "--grid", "400", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode s = Json.mapper().readTree(r.out());
        assertEquals(1.0, s.get("mass").asDouble(), 1e-12);
        assertEquals(0.25, s.get("meanX2").asDouble(), 1e-3, "E[x^2] = T / h");
        assertEquals(2.0, s.get("relaxationRate").asDouble(), 0.01, "OU rate = h");
        assertTrue(s.get("l1ToBoltzmann").asDouble() < 1e-4);
        assertEquals(400, CsvTable.read(out.resolve("density.csv")).rowCount());
        assertTrue(Files.exists(out.resolve("summary.json")));
        CsvTable currents = CsvTable.read(out.resolve("currents.csv"));
        assertEquals(399, currents.rowCount());
        for (int i = 0; i < currents.rowCount(); i++) {
            assertEquals(0, currents.number(i, "current"), 1e-9, "detailed balance");
        }
    }

    @Test
    void kineticSolveAndBadGrid() throws Exception {
        CommandLineHarness.Result r = CommandLineHarness.run("fp", "solve", "--kinetic", "--potential", "quadratic",
                "--grid", "160x160", "--out", tmp.resolve("k").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        // second-order transport in x: within 0.2% at 160 cells per axis (first-order upwinding was +3%)
        assertEquals(0.5, Json.mapper().readTree(r.out()).get("meanX2").asDouble(), 1e-3, "E[x^2] = T / h");
        CommandLineHarness.Result bad = CommandLineHarness.run("fp", "solve", "--kinetic", "--grid", "200");
        assertEquals(Thermosgd.EXIT_ERROR, bad.exit());
        assertTrue(bad.err().contains("--grid '200' must be NXxNV"), bad.err());
    }

    /** Periodic boundaries: the tilted washboard's current and density against Stratonovich's exact steady state. */
    @Test
    void tiltedWashboardOnACircle() throws Exception {
        Path out = tmp.resolve("wb");
        CommandLineHarness.Result r = CommandLineHarness.run("fp", "solve", "--potential", "washboard", "--tilt", "0.6",
                "--temperature", "0.5", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode s = Json.mapper().readTree(r.out());
        assertEquals(400, s.get("states").asInt(), "default overdamped grid");
        assertEquals(s.get("exactCurrentX").asDouble(), s.get("meanCurrentX").asDouble(),
                1e-3 * s.get("exactCurrentX").asDouble());
        assertTrue(s.get("l1ToExact").asDouble() < 1e-4, s.toString());
        CsvTable currents = CsvTable.read(out.resolve("currents.csv"));
        assertEquals(400, currents.rowCount(), "every face including the wrap-around one");
        CsvTable density = CsvTable.read(out.resolve("density.csv"));
        for (int i = 1; i < density.rowCount(); i++) {
            assertTrue(density.number(i, "x") > density.number(i - 1, "x"), "rows in x order");
        }
        CommandLineHarness.Result bad = CommandLineHarness.run("fp", "solve", "--potential", "washboard", "--x-range",
                "0,1");
        assertEquals(Thermosgd.EXIT_ERROR, bad.exit());
        assertTrue(bad.err().contains("--x-range does not apply to the washboard"), bad.err());
    }
}
