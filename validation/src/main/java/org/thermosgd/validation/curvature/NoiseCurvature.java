package org.thermosgd.validation.curvature;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.fp.diffusion.CentredProducts;
import org.thermosgd.fp.diffusion.GradientSet;
import org.thermosgd.fp.diffusion.GramMatrix;
import org.thermosgd.sde.spectral.Lanczos;
import org.thermosgd.sde.spectral.SymmetricOperator;
import org.thermosgd.training.curvature.HessianOperator;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.model.Network;
import org.thermosgd.training.model.PerSampleGradients;
import org.thermosgd.training.train.Checkpoint;
import org.thermosgd.training.train.TrainConfig;
import org.thermosgd.validation.run.SampleChoice;

/**
 * Gradient noise against curvature at one checkpoint, without forming either matrix. From N per-sample gradients
 * g_s (centred: x_s; S = X_c^T X_c / (N - 1) estimates Sigma, M = (1/N) sum g g^T) and the Hessian H:
 * <ul>
 *   <li>for each top eigenvector u_i of H: u_i^T S u_i (the noise along it) and u_i^T M u_i (the empirical Fisher),
 *       against lambda_i;</li>
 *   <li>the alignment cos(H, S) = tr(H S) / (|H|_F |S|_F): tr(H S) = E_z[(H z)^T (S z)] and |H|_F^2 = E_z |H z|^2
 *       from the same Rademacher probes (one product with H each), |S|_F^2 = tr(S^2) = |X_c X_c^T|_F^2 / (N-1)^2
 *       from the Gram matrix;</li>
 *   <li>the two models' own alignments with S: isotropic noise (eq. 8) cos(I, S) = tr S / (sqrt(n) |S|_F), and noise
 *       proportional to H, cos(H, S) itself; verdict: the model whose cosine is at least 0.9, or neither.</li>
 * </ul>
 * cos(H, S) uses the sample covariance, whose |S|_F carries sampling noise when n >> N (it overstates |Sigma|_F and
 * so understates both cosines): the report gives N and n.
 */
public final class NoiseCurvature {
    /** A model of the noise holds when its cosine with the measured covariance is at least this. */
    public static final double HOLDS = 0.9;

    private NoiseCurvature() {
    }

    /**
     * The result of the comparison. Units: gradients in nats per parameter (per-sample cross-entropy), so S and M in
     * grad^2; H and lambda_i in nats/param^2.
     *
     * @param samples N, the per-sample gradients
     * @param dimension n, the parameters
     * @param probes Rademacher probes for tr(H S) and |H|_F
     * @param topDirections one row per top eigenvector u_i of H: lambda_i, u_i^T S u_i, u_i^T M u_i and their ratio
     *     (u_i^T S u_i) / lambda_i (columns named in {@code topDirectionsColumns})
     * @param topDirectionsColumns the columns of {@code topDirections}, in words
     * @param traceHS tr(H S), nats/param^2 x grad^2, mean over the probes
     * @param traceHSStandardError its standard error over the probes
     * @param frobeniusH |H|_F, nats/param^2, from the probes
     * @param frobeniusS |S|_F, grad^2, exact from the Gram matrix
     * @param traceS tr S, grad^2
     * @param cosineHS cos(H, S) = tr(H S) / (|H|_F |S|_F), dimensionless
     * @param cosineIS cos(I, S) = tr S / (sqrt(n) |S|_F), dimensionless
     * @param verdict the model whose cosine is at least {@link #HOLDS}, or neither, in words
     * @param conventions the definitions, in words
     * @param hessian which Hessian (the loss and the products), in words; null (absent from JSON) when the caller
     *     gave the Hessian
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(int samples, int dimension, int probes, double[][] topDirections,
                         String topDirectionsColumns, double traceHS, double traceHSStandardError, double frobeniusH,
                         double frobeniusS, double traceS, double cosineHS, double cosineIS, String verdict,
                         String conventions, String hessian) {
        Result withHessian(String description) {
            return new Result(samples, dimension, probes, topDirections, topDirectionsColumns, traceHS,
                    traceHSStandardError, frobeniusH, frobeniusS, traceS, cosineHS, cosineIS, verdict, conventions,
                    description);
        }
    }

    /** The top-k eigenpairs of a run's Hessian at a checkpoint, and the Hessian in words. */
    public record Curvature(HessianOperator operator, Lanczos.Result eigen, String description) {
    }

    /**
     * At a run's checkpoint: the top-k Hessian eigenpairs of the mean loss over the first {@code hessianSamples}
     * training images (plus the run's weight decay; exact products, so Model 1 only), then {@link #of} with
     * {@code samples} per-sample gradients. The result also holds the Hessian's description.
     */
    public static Result atCheckpoint(TrainConfig config, Checkpoint c, Dataset data, int samples, int topK,
                                      int hessianSamples, int probes, long seed) {
        ImageSet train = config.trainImages(data);
        Curvature h = curvature(config, c, train, topK, hessianSamples, seed);
        Network net = ModelCatalog.withParameters(config.model(), c.params());
        int[] chosen = SampleChoice.choose(train.size(), samples, seed);
        return of(rows(net, train, chosen), samples, h, probes, seed);
    }

    /**
     * The Hessian of the run's mean loss over its first {@code hessianSamples} training images (plus weight decay;
     * exact products, so Model 1 only) and its top-k eigenpairs by Lanczos, which must converge.
     */
    public static Curvature curvature(TrainConfig config, Checkpoint c, ImageSet train, int topK, int hessianSamples,
                                      long seed) {
        if (!config.model().equals("mlp")) {
            throw new IllegalArgumentException("noise against curvature here needs exact Hessian products (mlp); for "
                    + config.model() + " use thermosgd hessian --products differences --noise-samples N");
        }
        int hs = Math.min(hessianSamples, train.size());
        HessianOperator h = HessianOperator.of(config.model(), c.params(), train, hs, config.weightDecay(), "exact",
                k -> { });
        Lanczos.Result eig = Lanczos.extremes(h, topK, 0, 150, 1e-4, seed);
        if (!eig.converged()) {
            throw new IllegalStateException("Lanczos did not converge (worst relative residual "
                    + eig.worstRelativeResidual() + ")");
        }
        return new Curvature(h, eig, "mean loss over the first " + hs + " training images, " + h.method());
    }

    /** {@link #of(float[], int, SymmetricOperator, double[], double[][], int, long)} at a run's checkpoint. */
    public static Result of(float[] rows, int samples, Curvature h, int probes, long seed) {
        return of(rows, samples, h.operator(), h.eigen().values(), h.eigen().vectors(), probes, seed)
                .withHessian(h.description());
    }

    /**
     * The per-sample gradients of {@code chosen} as the rows of one [N, n] heap array, refused beyond 5e8 floats.
     */
    public static float[] rows(Network net, ImageSet train, int[] chosen) {
        int n = Math.toIntExact(net.parameterCount());
        if ((long) n * chosen.length > 500_000_000L) {
            throw new IllegalArgumentException("--noise-samples " + chosen.length + " x " + n + " parameters exceeds"
                    + " the 5e8-float buffer; use fewer samples");
        }
        return PerSampleGradients.rows(net, train, chosen, PerSampleGradients.blockFor(net));
    }

    /** The comparison from {@code samples} per-sample gradients of {@code train} drawn with {@code seed}. */
    public static Result of(Network net, ImageSet train, int samples, SymmetricOperator h, double[] eigenvalues,
                            double[][] eigenvectors, int probes, long seed) {
        int[] chosen = SampleChoice.choose(train.size(), samples, seed);
        return of(rows(net, train, chosen), samples, h, eigenvalues, eigenvectors, probes, seed);
    }

    /**
     * The comparison from per-sample gradients {@code g} (row-major [N, n], N = {@code samples}) and the Hessian
     * {@code h} with its top eigenpairs.
     */
    public static Result of(float[] g, int samples, SymmetricOperator h, double[] eigenvalues,
                            double[][] eigenvectors, int probes, long seed) {
        int n = g.length / samples;
        double[] mean = new double[n];
        for (int s = 0; s < samples; s++) {
            for (int j = 0; j < n; j++) {
                mean[j] += g[s * n + j] / (double) samples;
            }
        }
        Along along = along(g, samples, n, directions(eigenvectors));
        // Gram of the centred gradients (ND4J): tr S and |S|_F; products with X_c for the probes
        GradientSet set = new GradientSet(g, samples, n, List.of());
        double[][] gram = GramMatrix.nd4j().centred(set, mean);
        double trS = 0;
        double frob2 = 0;
        for (int a = 0; a < samples; a++) {
            trS += gram[a][a];
            for (double v : gram[a]) {
                frob2 += v * v;
            }
        }
        double dof = samples - 1;
        trS /= dof;
        double normS = Math.sqrt(frob2) / dof;
        CentredProducts xc = CentredProducts.nd4j(set, mean);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed ^ 0xa119L);
        double[][] z = new double[probes][n];
        for (double[] zz : z) {
            for (int j = 0; j < n; j++) {
                zz[j] = rng.nextBoolean() ? 1 : -1;
            }
        }
        double[][] sz = xc.transposeTimes(xc.times(z));
        double[] hs = new double[probes];
        double[] hh = new double[probes];
        for (int p = 0; p < probes; p++) {
            double[] hz = h.apply(z[p]);
            double tr = 0;
            double norm = 0;
            for (int j = 0; j < n; j++) {
                tr += hz[j] * sz[p][j] / dof;
                norm += hz[j] * hz[j];
            }
            hs[p] = tr;
            hh[p] = norm;
        }
        double trHS = mean(hs);
        double normH = Math.sqrt(mean(hh));
        double cosH = trHS / (normH * normS);
        double cosI = trS / (Math.sqrt(n) * normS);
        double[] lambda = eigenvalues;
        double[][] rows = new double[eigenvectors.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {lambda[i], along.covariance()[i], along.secondMoment()[i],
                    along.covariance()[i] / lambda[i]};
        }
        String verdict = cosH >= HOLDS && cosH >= cosI ? "Sigma proportional to H holds (cos " + fmt(cosH) + ")"
                : cosI >= HOLDS ? "Sigma isotropic (eq. 8) holds (cos " + fmt(cosI) + ")"
                : "neither: cos(Sigma, H) = " + fmt(cosH) + ", cos(Sigma, I) = " + fmt(cosI) + ", both below "
                + HOLDS;
        return new Result(samples, n, probes, rows, "lambda_i, u_i^T S u_i, u_i^T M u_i, (u_i^T S u_i) / lambda_i",
                trHS, sd(hs) / Math.sqrt(probes), normH, normS, trS, cosH, cosI, verdict, "S: sample covariance of the"
                + " per-sample gradients (1/(N-1)), M: their second moment (empirical Fisher), H: the Hessian of the"
                + " mean loss; cos(A, B) = tr(A B) / (|A|_F |B|_F); tr(H S) and |H|_F from " + probes + " Rademacher"
                + " probes (one H product each)", null);
    }

    /**
     * Per direction u_i: u_i^T S u_i (sample variance of the projections, 1/(N-1)) and u_i^T M u_i (their mean square).
     */
    public record Along(double[] covariance, double[] secondMoment) {
    }

    /** The directions as the rows of a k x n float32 matrix. */
    public static INDArray directions(double[][] vectors) {
        int n = vectors[0].length;
        float[] f = new float[vectors.length * n];
        for (int i = 0; i < vectors.length; i++) {
            for (int j = 0; j < n; j++) {
                f[i * n + j] = (float) vectors[i][j];
            }
        }
        return Nd4j.create(f, new long[] {vectors.length, n}, 'c');
    }

    /** The noise along the directions (rows of {@code u}) from the per-sample gradients of {@code chosen}, streamed. */
    public static Along along(Network net, ImageSet train, int[] chosen, INDArray u) {
        int n = Math.toIntExact(net.parameterCount());
        int k = (int) u.rows();
        double[] sum = new double[k];
        double[] sumSq = new double[k];
        PerSampleGradients.stream(net, train, chosen, PerSampleGradients.blockFor(net), b -> project(b.gradients(),
                b.size(), n, u, sum, sumSq));
        return along(sum, sumSq, chosen.length);
    }

    private static Along along(float[] rows, int samples, int n, INDArray u) {
        double[] sum = new double[(int) u.rows()];
        double[] sumSq = new double[sum.length];
        project(rows, samples, n, u, sum, sumSq);
        return along(sum, sumSq, samples);
    }

    private static void project(float[] rows, int count, int n, INDArray u, double[] sum,
                                double[] sumSq) {
        INDArray p = Nd4j.create(
                Arrays.copyOf(rows, count * n), new long[] {count, n}, 'c').mmul(u.transpose());
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < sum.length; i++) {
                double v = p.getDouble(r, i);
                sum[i] += v;
                sumSq[i] += v * v;
            }
        }
    }

    private static Along along(double[] sum, double[] sumSq, int samples) {
        double[] cov = new double[sum.length];
        double[] second = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            cov[i] = (sumSq[i] - sum[i] * sum[i] / samples) / (samples - 1);
            second[i] = sumSq[i] / samples;
        }
        return new Along(cov, second);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x / v.length;
        }
        return s;
    }

    private static double sd(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m) / (v.length - 1);
        }
        return Math.sqrt(s);
    }

    private static String fmt(double x) {
        return String.format("%.3f", x);
    }
}
