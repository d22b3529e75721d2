package org.thermosgd.validation.diffusion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.thermosgd.fp.diffusion.DiffusionReport;
import org.thermosgd.fp.diffusion.DiffusionRoute;
import org.thermosgd.validation.curvature.NoiseCurvature;

/**
 * What {@code thermosgd diffusion} reports (diffusion.json and the --json output, fields in alphabetical order; the
 * parts that do not apply are absent).
 *
 * @param source where the gradients came from: {@link Synthetic}, {@link AtCheckpoint} or {@link FromFile}
 * @param report the statistics of the gradient noise (gradients in the loss's units per parameter, D in grad^2)
 * @param temperature the temperatures predicted from D for a run's protocol (at a checkpoint only)
 * @param curvature the noise against the Hessian's curvature (at a checkpoint with --curvature only)
 * @param conventions the report's symbols in words
 * @param written the directory the files went to (absent in diffusion.json itself and for synthetic laws)
 */
@JsonPropertyOrder(alphabetic = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiffusionResult(Source source, DiffusionReport report, Temperature temperature,
                              NoiseCurvature.Result curvature, Map<String, String> conventions, String written) {
    /** The result with {@code dir} as where it was written. */
    public DiffusionResult written(String dir) {
        return new DiffusionResult(source, report, temperature, curvature, conventions, dir);
    }

    /** Where the analysed gradients came from. */
    public sealed interface Source permits Synthetic, AtCheckpoint, FromFile {
    }

    /**
     * N gradients of a synthetic law.
     *
     * @param synthetic the law's name (isotropic, spiked, diagonal, heavy-tailed)
     * @param dimension n, the gradients' dimension
     * @param samples N, the gradients drawn
     * @param seed the seed of the draw
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Synthetic(String synthetic, int dimension, int samples, long seed) implements Source {
    }

    /**
     * The gradients of N training samples at a run's checkpoint.
     *
     * @param run the run directory's name
     * @param model the run's model name
     * @param epoch the epochs completed at the checkpoint
     * @param samples N, the training samples drawn
     * @param seed the seed of the draw
     * @param route the route the analysis took
     * @param perSampleGradientSeconds wall-clock seconds for the per-sample gradients (or their factors)
     * @param analysisSeconds wall-clock seconds for the statistics
     * @param savedGradients what --save-gradients wrote (absent without it)
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AtCheckpoint(String run, String model, int epoch, int samples, long seed, DiffusionRoute route,
                               double perSampleGradientSeconds, double analysisSeconds,
                               CheckpointDiffusion.SavedGradients savedGradients) implements Source {
    }

    /**
     * Per-sample gradients read from a file.
     *
     * @param gradients the file's name
     * @param sha256 its SHA-256, hex
     * @param samples N, its rows
     * @param dimension n, its columns
     * @param blocks its parameter blocks, "name (size)"
     * @param route gram, sketched, or "sketched, streamed from the file"
     * @param sampleIndexPresent whether the file holds the rows' sample indices
     * @param analysisSeconds wall-clock seconds for the statistics
     */
    @JsonPropertyOrder(alphabetic = true)
    public record FromFile(String gradients, String sha256, int samples, int dimension, List<String> blocks,
                           String route, boolean sampleIndexPresent, double analysisSeconds) implements Source {
    }

    /**
     * Predicted temperatures of a run from D = tr(S)/n, in loss units (Boltzmann exp(-f/T) in parameter space).
     *
     * @param paper the paper's eq. (19), lr D / (6 C (1 - mu))
     * @param leadingOrder docs/theory.md's leading order, lr kappa (1 - mu) D / (2 E[s] C)
     * @param stepFactorMean E[s] of the protocol's step-factor law, dimensionless
     * @param stepFactorMeanSquare E[s^2] of that law, dimensionless
     * @param conventions the formulas and the run's form and protocol, in words
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Temperature(double paper, double leadingOrder, double stepFactorMean, double stepFactorMeanSquare,
                              String conventions) {
    }
}
