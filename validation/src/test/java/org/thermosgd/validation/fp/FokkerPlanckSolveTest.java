package org.thermosgd.validation.fp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.Json;
import org.thermosgd.run.RunDirectory;

/** {@link FokkerPlanckSolve} called directly: stationary densities against their closed forms. */
class FokkerPlanckSolveTest {
    @TempDir
    Path tmp;

    private static FokkerPlanckSolve.Options overdamped(String potential, double tilt, double curvature, double t) {
        return new FokkerPlanckSolve.Options(false, potential, 1, 2 * Math.PI, tilt, curvature, 1, 1, 1, t, "400",
                null, null);
    }

    @Test
    void overdampedQuadraticIsBoltzmann() throws Exception {
        FokkerPlanckSolve.Summary s = FokkerPlanckSolve.run(overdamped("quadratic", 0, 2, 0.5), tmp.resolve("q"),
                List.of("test"));
        assertEquals(1.0, s.mass(), 1e-12);
        // second-order finite volumes on 400 cells over +-6 thermal widths: L1 to the cell-averaged Boltzmann law
        // below 1e-4
        assertTrue(s.l1ToBoltzmann() < 1e-4, "L1 " + s.l1ToBoltzmann());
        assertEquals(0.25, s.meanX2(), 1e-3, "E[x^2] = T / h");
        assertEquals(2.0, s.relaxationRate(), 0.01, "Ornstein-Uhlenbeck rate = h");
        assertEquals(0, s.meanCurrentX(), 1e-9, "no current at equilibrium");
        assertNull(s.exactCurrentX(), "closed-form current only for the washboard");
        assertEquals(tmp.resolve("q").toString(), s.runDirectory());
        JsonNode file = Json.mapper().readTree(Files.readString(tmp.resolve("q").resolve(RunDirectory.SUMMARY)));
        assertTrue(!file.has("runDirectory") && !file.has("exactCurrentX") && !file.has("l1ToExact"),
                file.toString());
        assertEquals(s.l1ToBoltzmann(), file.get("l1ToBoltzmann").asDouble());
    }

    @Test
    void tiltedWashboardCarriesStratonovichsCurrent() throws Exception {
        FokkerPlanckSolve.Summary s = FokkerPlanckSolve.run(overdamped("washboard", 0.6, 1, 0.5), tmp.resolve("w"),
                List.of("test"));
        assertNotNull(s.exactCurrentX());
        assertTrue(s.exactCurrentX() > 0, "a positive tilt drives a positive current");
        assertEquals(s.exactCurrentX(), s.meanCurrentX(), 0.01 * s.exactCurrentX());
        assertTrue(s.l1ToExact() < 1e-2, "L1 to the exact steady state " + s.l1ToExact());
    }
}
