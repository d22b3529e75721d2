package org.thermosgd.sde.sgd;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.thermosgd.sde.io.JsonFields;
import org.thermosgd.sde.lyapunov.Lyapunov;

/**
 * Reads an {@link SgdProblem} from JSON:
 * <pre>
 * {"form": "paper", "momentum": 0.9, "lr": 0.01,
 *  "factor": {"type": "uniform", "low": 0, "high": 1},          // or constant {value}, cosine {halfPeriodSteps}
 *  "hessian": [[1.0]],                                           // optional for regression noise
 *  "noise": {"type": "gaussian", "sigma": [[1.0]], "batch": 1}}  // or regression {features, targets, batch}
 * </pre>
 */
public final class SgdProblemFile {
    private SgdProblemFile() {
    }

    public static SgdProblem read(Path file) {
        JsonFields j = JsonFields.of(file);
        JsonNode root = j.read();
        try {
            UpdateForm form = UpdateForm.parse(j.text(root, "", "form"));
            double momentum = j.number(root, "", "momentum");
            double lr = j.number(root, "", "lr");
            StepFactor factor = factor(j, j.required(root, "", "factor"));
            GradientNoise noise = noise(j, j.required(root, "", "noise"));
            double[][] hessian = root.has("hessian") ? j.matrix(root, "", "hessian") : null;
            SgdProblem p = new SgdProblem(form, momentum, lr, factor, hessian, noise);
            if (p.dimension() > Lyapunov.MAX_DIMENSION) {
                throw j.error(hessian != null ? "hessian" : "noise", "gives a problem of dimension " + p.dimension()
                        + "; the leading-order (dense Lyapunov) solver takes at most "
                        + Lyapunov.MAX_DIMENSION + " dimensions");
            }
            return p;
        } catch (JsonFields.ProblemFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw j.invalid(e);
        }
    }

    private static StepFactor factor(JsonFields j, JsonNode f) {
        String type = j.text(f, "factor.", "type");
        return switch (type) {
            case "constant" -> new StepFactor.Constant(j.number(f, "factor.", "value", 1.0));
            case "uniform" -> new StepFactor.Uniform(j.number(f, "factor.", "low"), j.number(f, "factor.", "high"));
            case "cosine" -> new StepFactor.Cosine(j.integer(f, "factor.", "halfPeriodSteps"));
            default -> throw j.error("factor.type", "must be one of constant, uniform, cosine; found \"" + type
                    + "\"");
        };
    }

    private static GradientNoise noise(JsonFields j, JsonNode n) {
        String type = j.text(n, "noise.", "type");
        return switch (type) {
            case "gaussian" -> new GradientNoise.Gaussian(j.matrix(n, "noise.", "sigma"),
                    j.integer(n, "noise.", "batch"));
            case "regression" -> new GradientNoise.Regression(j.matrix(n, "noise.", "features"),
                    j.vector(n, "noise.", "targets"), j.integer(n, "noise.", "batch"));
            default -> throw j.error("noise.type", "must be one of gaussian, regression; found \"" + type + "\"");
        };
    }
}
