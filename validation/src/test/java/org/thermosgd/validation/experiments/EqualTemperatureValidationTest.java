package org.thermosgd.validation.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.thermosgd.validation.reproduce.Scale;

class EqualTemperatureValidationTest {
    /**
     * The random protocol's lr at the constant protocol's leading-order temperature comes from the two step-factor
     * laws (E[s^2] / E[s] = 4/3 for U[0,2] in the torch form at momentum 0): 0.75e-4 for 1e-4, to the last bit, so the
     * manifest's settings are those of earlier runs.
     */
    @Test
    void sameTemperatureLrFollowsTheLaws() {
        assertEquals(0.75e-4, EqualTemperatureValidation.sameTemperatureLr(1e-4, 60), 0.0);
        assertEquals(0.75e-4, EqualTemperatureValidation.manifest(Scale.QUICK, 1).runs().stream()
                .filter(r -> r.group().equals("K-sameT")).findFirst().orElseThrow().train().lr(), 0.0);
    }
}
