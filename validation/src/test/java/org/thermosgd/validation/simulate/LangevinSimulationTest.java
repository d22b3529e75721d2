package org.thermosgd.validation.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LangevinSimulation} called directly: the ensemble's temperatures against its thermostat. */
class LangevinSimulationTest {
    @TempDir
    Path tmp;

    @Test
    void baoabOnAQuadraticHoldsTheThermostatTemperature() throws Exception {
        double t = 0.7;
        LangevinSimulation.Summary s = LangevinSimulation.run(new LangevinSimulation.Options("quadratic", 2,
                new double[] {1, 3}, 1, 1, 1, t, null, "baoab", 0.05, 20_000, 2_000, 8, 100, 5L, 1),
                tmp.resolve("run"), List.of("test"));
        assertEquals(t, s.thermostatTemperature(), 1e-12, "S / (2 gamma) with S = 2 gamma T");
        // BAOAB samples the Boltzmann law of a quadratic exactly in x and with O(dt^2) error in v: both
        // temperatures within 5 standard errors (plus 1% for the step) of the thermostat's
        LangevinSimulation.MeanSe kin = s.kineticTemperature();
        LangevinSimulation.MeanSe conf = s.configurationalTemperature();
        assertEquals(t, kin.mean(), 5 * kin.se() + 0.01 * t, "kinetic " + kin);
        assertEquals(t, conf.mean(), 5 * conf.se() + 0.01 * t, "configurational " + conf);
        assertTrue(kin.se() > 0 && kin.se() < 0.05 * t, "standard error " + kin.se());
        // E[f] = n T / 2 for a quadratic in n coordinates
        assertEquals(t, s.meanPotential().mean(), 5 * s.meanPotential().se() + 0.01 * t);
        assertNotNull(s.boltzmannX0());
        assertEquals(t, s.boltzmannX0().referenceTemperature(), 1e-12);
        double[] ci = s.boltzmannX0().fittedTemperature95();
        assertTrue(ci[0] < s.boltzmannX0().fittedTemperature() && s.boltzmannX0().fittedTemperature() < ci[1]);
        assertEquals(8, s.paths());
        assertEquals(tmp.resolve("run").toString(), s.runDirectory());
    }
}
