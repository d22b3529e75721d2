package org.thermosgd.sde.problem;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.thermosgd.sde.io.JsonFields;

/**
 * A linear SDE problem file: {@code {"drift": F, "diffusion": B, "scheme": "exact" | "euler-maruyama", "dt": h}}.
 * {@code dt} is required for Euler-Maruyama and for simulating.
 */
public record LinearSdeFile(LinearSde sde, String scheme, Double dt) {
    public static final String EXACT = "exact";
    public static final String EULER_MARUYAMA = "euler-maruyama";

    public static LinearSdeFile read(Path file) {
        JsonFields j = JsonFields.of(file);
        JsonNode root = j.read();
        try {
            LinearSde sde = LinearSde.of(j.matrix(root, "", "drift"), j.matrix(root, "", "diffusion"));
            String scheme = root.has("scheme") ? j.text(root, "", "scheme") : EXACT;
            if (!scheme.equals(EXACT) && !scheme.equals(EULER_MARUYAMA)) {
                throw j.error("scheme", "must be \"exact\" or \"euler-maruyama\", found \"" + scheme + "\"");
            }
            Double dt = root.has("dt") ? j.number(root, "", "dt") : null;
            if (dt != null && !(dt > 0)) {
                throw j.error("dt", "must be a positive number, found " + dt);
            }
            if (dt == null && scheme.equals(EULER_MARUYAMA)) {
                throw j.error("dt", "is required for scheme euler-maruyama");
            }
            return new LinearSdeFile(sde, scheme, dt);
        } catch (JsonFields.ProblemFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw j.invalid(e);
        }
    }
}
