package org.thermosgd.sde.lyapunov;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.thermosgd.sde.io.JsonFields;
import org.thermosgd.sde.linalg.Matrices;
import org.thermosgd.sde.problem.LinearSde;

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
            double[][] drift = j.matrix(root, "", "drift");
            if (drift.length > Lyapunov.MAX_DIMENSION) {
                throw j.error("drift", "is " + drift.length + "x" + drift.length + "; the dense Lyapunov solver takes"
                        + " at most " + Lyapunov.MAX_DIMENSION + " dimensions");
            }
            Matrices.requireSquare("field 'drift'", drift);
            double largest = Matrices.maxRealEigenvalue(drift);
            if (!(largest < 0)) {
                throw j.error("drift", "must be stable (every eigenvalue with negative real part) for a stationary"
                        + " law; its largest real part is " + (largest + 0.0));
            }
            LinearSde sde = LinearSde.of(drift, j.matrix(root, "", "diffusion"));
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
