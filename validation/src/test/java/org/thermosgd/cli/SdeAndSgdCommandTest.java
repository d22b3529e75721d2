package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Json;

class SdeAndSgdCommandTest {
    @TempDir
    Path tmp;

    private Path file(String name, String json) throws Exception {
        return Files.writeString(tmp.resolve(name), json);
    }

    private static final String PAPER = "{\"form\": \"paper\", \"momentum\": 0.9, \"lr\": 0.01, \"factor\": {\"type\":"
            + " \"uniform\", \"low\": 0, \"high\": 1}, \"hessian\": [[1.0]], \"noise\": {\"type\": \"gaussian\","
            + " \"sigma\": [[1.0]], \"batch\": 1}}";

    @Test
    void sgdStationaryPrintsEverySectionTheScriptsRead() throws Exception {
        CommandLineHarness.Result r = CommandLineHarness.run("sgd", "stationary", "--problem",
                file("p.json", PAPER).toString(), "--simulate", "--chains", "32", "--steps", "40000", "--seed", "3",
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = Json.mapper().readTree(r.out());
        for (String k : new String[] {"x2", "v2", "Sxx", "Svv", "Sxv"}) {
            assertTrue(j.get("exact").has(k), k);
        }
        for (String k : new String[] {"T", "x2", "relErr"}) {
            assertTrue(j.get("paper").has(k), k);
        }
        assertTrue(j.get("leadingOrder").has("x2") && j.get("leadingOrder").has("v2"));
        for (String k : new String[] {"x2", "x2Se", "v2", "v2Se"}) {
            assertTrue(j.get("simulated").has(k), k);
        }
        double exact = j.get("exact").get("x2").get(0).asDouble();
        double paper = j.get("paper").get("x2").get(0).asDouble();
        assertEquals(0.01 / (6 * 0.1), paper, 1e-15);
        assertEquals(paper / exact - 1, j.get("paper").get("relErr").get(0).asDouble(), 1e-12);
        double z = (j.get("simulated").get("x2").get(0).asDouble() - exact)
                / j.get("simulated").get("x2Se").get(0).asDouble();
        assertTrue(Math.abs(z) < 4, "z = " + z);
    }

    @Test
    void invalidProblemsGetOneLineErrorsNamingTheField() throws Exception {
        String[][] cases = {
                {PAPER.replace("\"momentum\": 0.9", "\"momentum\": 1.0"), "momentum 1.0 must be in [0, 1)"},
                {PAPER.replace("[[1.0]], \"noise", "[[-1.0]], \"noise"), "hessian is not positive definite"},
                {PAPER.replace("\"sigma\": [[1.0]]", "\"sigma\": [[-2.0]]"), "noise.sigma is not a covariance"},
                {PAPER.replace("\"high\": 1", "\"high\": \"x\""), "field 'factor.high': must be a number"},
                {PAPER.replace("\"lr\": 0.01", "\"lr\": 5"), "no stationary law"},
                {PAPER.substring(0, PAPER.length() - 1), "malformed JSON at line 1"},
                {PAPER.replace("\"form\": \"paper\"", "\"form\": \"adam\""), "form 'adam' is not one of"},
        };
        for (String[] c : cases) {
            CommandLineHarness.Result r = CommandLineHarness.run("sgd", "stationary", "--problem",
                    file("bad.json", c[0]).toString());
            assertEquals(Thermosgd.EXIT_ERROR, r.exit(), c[1]);
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(c[1]), "expected '" + c[1] + "' in: " + r.err());
            assertTrue(r.out().isEmpty(), "no numbers for an invalid or unstable problem: " + r.out());
        }
    }

    @Test
    void sdeStationaryExactAndEulerMaruyama() throws Exception {
        String sde = "{\"drift\": [[0,1],[-2,-0.5]], \"diffusion\": [[0],[1]], \"scheme\": \"%s\", \"dt\": 0.1}";
        CommandLineHarness.Result exact = CommandLineHarness.run("sde", "stationary", "--problem",
                file("e.json", String.format(sde, "exact")).toString(), "--json");
        assertEquals(0, exact.exit(), exact.err());
        JsonNode cov = Json.mapper().readTree(exact.out()).get("cov");
        // OU with stiffness 2, friction 0.5, unit noise: <x^2> = 1/(2*0.5*2), <v^2> = 1/(2*0.5)
        assertEquals(0.5, cov.get(0).get(0).asDouble(), 1e-12);
        assertEquals(1.0, cov.get(1).get(1).asDouble(), 1e-12);
        CommandLineHarness.Result em = CommandLineHarness.run("sde", "stationary", "--problem",
                file("m.json", String.format(sde, "euler-maruyama")).toString(), "--simulate", "--paths", "16",
                "--steps", "40000", "--json");
        assertEquals(0, em.exit(), em.err());
        JsonNode j = Json.mapper().readTree(em.out());
        double s00 = j.get("cov").get(0).get(0).asDouble();
        assertTrue(s00 > 0.8, "EM inflates the variance at dt = 0.1: " + s00);
        double z = (j.get("simulated").get("cov").get(0).get(0).asDouble() - s00)
                / j.get("simulated").get("se").get(0).get(0).asDouble();
        assertTrue(Math.abs(z) < 4, "z = " + z);
    }

    @Test
    void sdeSimulateWritesACompleteRunDirectory() throws Exception {
        Path out = tmp.resolve("run");
        CommandLineHarness.Result r = CommandLineHarness.run("sde", "simulate", "--dim", "2", "--curvature", "1,3",
                "--temperature", "0.7", "--scheme", "baoab", "--dt", "0.05", "--steps", "40000", "--burn-in", "2000",
                "--paths", "8", "--threads", "2", "--seed", "5", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        for (String f : new String[] {"config.json", "provenance.json", "summary.json", "timeseries.csv",
                "coordinates.csv", "figures"}) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        JsonNode prov = Json.mapper().readTree(out.resolve("provenance.json").toFile());
        assertEquals("COMPLETED", prov.get("status").asText());
        assertEquals(5, prov.get("seed").asLong());
        JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
        JsonNode conf = s.get("configurationalTemperature");
        assertTrue(Math.abs(conf.get("mean").asDouble() - 0.7) < 4 * conf.get("se").asDouble(), conf.toString());
        CsvTable coords = CsvTable.read(out.resolve("coordinates.csv"));
        // BAOAB samples x exactly for harmonic potentials: <x_i^2> = T / h_i
        assertTrue(Math.abs(coords.number(1, "x2") - 0.7 / 3) < 4 * coords.number(1, "x2_se"));
        assertEquals("position^2", coords.columns().get(1).unit());
        // coordinate 0 against Boltzmann at T = 0.7: the fitted temperature within 10% (the 8 x 400 samples are
        // correlated, so the stated 95% interval is optimistic) and a small KL
        JsonNode b = s.get("boltzmannX0");
        assertEquals(8 * 400, b.get("samples").asInt());
        assertEquals(0.7, b.get("fittedTemperature").asDouble(), 0.07, b.toString());
        assertTrue(b.get("fittedTemperature95").get(0).asDouble() < b.get("fittedTemperature").asDouble());
        assertTrue(b.get("klNats").asDouble() < 0.05, b.toString());
        assertTrue(Files.size(out.resolve("figures").resolve("density-x0.png")) > 0);
    }

    /** A cosine factor with a half-period of 100,000 steps is solved exactly (it used to fail to converge). */
    @Test
    void longCosinePeriodsAreSolved() throws Exception {
        CommandLineHarness.Result r = CommandLineHarness.run("sgd", "stationary", "--problem", file("cos.json",
                "{\"form\": \"paper\", \"momentum\": 0.9, \"lr\": 0.01, \"factor\": {\"type\": \"cosine\","
                        + " \"halfPeriodSteps\": 100000}, \"hessian\": [[1.0]], \"noise\": {\"type\": \"gaussian\","
                        + " \"sigma\": [[1.0]], \"batch\": 1}}").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        double x2 = Json.mapper().readTree(r.out()).get("exact").get("x2").get(0).asDouble();
        assertTrue(x2 > 0.01 && x2 < 0.1, "E[x^2] = " + x2);
    }

    /** A linear SDE beyond the dense solver's size is refused while its file is read, before any work. */
    @Test
    void oversizedSdeIsRefusedBeforeTheWork() throws Exception {
        int n = 61;
        StringBuilder m = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            m.append(i == 0 ? "[" : ",[");
            for (int j = 0; j < n; j++) {
                m.append(j == 0 ? "" : ",").append(i == j ? "-1" : "0");
            }
            m.append(']');
        }
        m.append(']');
        CommandLineHarness.Result r = CommandLineHarness.run("sde", "stationary", "--problem", file("big.json",
                "{\"drift\": " + m + ", \"diffusion\": " + m.toString().replace("-1", "1") + "}").toString());
        assertEquals(Thermosgd.EXIT_ERROR, r.exit());
        assertTrue(r.err().contains("field 'drift': is 61x61; the dense Lyapunov solver takes at most 60 dimensions"),
                r.err());
        CommandLineHarness.Result sgd = CommandLineHarness.run("sgd", "stationary", "--problem", file("bigsgd.json",
                "{\"form\": \"paper\", \"momentum\": 0.9, \"lr\": 0.01, \"factor\": {\"type\": \"constant\","
                        + " \"value\": 1}, \"hessian\": " + m.toString().replace("-1", "1") + ", \"noise\": {\"type\":"
                        + " \"gaussian\", \"sigma\": " + m.toString().replace("-1", "1")
                                + ", \"batch\": 1}}").toString());
        assertEquals(Thermosgd.EXIT_ERROR, sgd.exit());
        assertTrue(sgd.err().contains("field 'hessian': gives a problem of dimension 61"), sgd.err());
    }
}
