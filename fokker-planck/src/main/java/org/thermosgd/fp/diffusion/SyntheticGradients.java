package org.thermosgd.fp.diffusion;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.StableSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Gradient sets with a known noise law, to check the estimators. All have mean 0.1 (1, ..., 1) / sqrt(n) (so
 * |mean|^2 = 0.01) and, except the heavy-tailed one, Gaussian noise with covariance Sigma:
 * <ul>
 *   <li>{@code isotropic}: Sigma = I (tr = n, participation ratio 1, lambda_max / D = 1);</li>
 *   <li>{@code spiked}: Sigma = I + 50 v1 v1^T + 20 v2 v2^T + 10 v3 v3^T, v orthonormal random;</li>
 *   <li>{@code diagonal}: Sigma = diag(d), d log-uniform on [0.1, 10];</li>
 *   <li>{@code heavy-tailed}: i.i.d. symmetric alpha-stable coordinates, alpha = 1.5, unit scale.</li>
 * </ul>
 */
public final class SyntheticGradients {
    public static final List<String> KINDS = List.of("isotropic", "spiked", "diagonal", "heavy-tailed");
    public static final double[] SPIKES = {50, 20, 10};
    public static final double STABLE_ALPHA = 1.5;

    private SyntheticGradients() {
    }

    public static GradientSet of(String kind, int n, int samples, long seed) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("--synthetic '" + kind + "' must be one of " + KINDS);
        }
        if (n < 4) {
            throw new IllegalArgumentException("--dim " + n + " must be >= 4");
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(rng);
        float[] rows = new float[Math.multiplyExact(n, samples)];
        double m = 0.1 / Math.sqrt(n);
        double[][] spikes = null;
        double[] scale = new double[n];
        java.util.Arrays.fill(scale, 1.0);
        if (kind.equals("spiked")) {
            spikes = new double[SPIKES.length][n];
            for (int a = 0; a < SPIKES.length; a++) {
                for (int j = 0; j < n; j++) {
                    spikes[a][j] = z.sample();
                }
                for (int b = 0; b < a; b++) {
                    double d = 0;
                    for (int j = 0; j < n; j++) {
                        d += spikes[a][j] * spikes[b][j];
                    }
                    for (int j = 0; j < n; j++) {
                        spikes[a][j] -= d * spikes[b][j];
                    }
                }
                double norm = 0;
                for (int j = 0; j < n; j++) {
                    norm += spikes[a][j] * spikes[a][j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < n; j++) {
                    spikes[a][j] /= norm;
                }
            }
        } else if (kind.equals("diagonal")) {
            for (int j = 0; j < n; j++) {
                scale[j] = Math.sqrt(Math.pow(10, -1 + 2 * rng.nextDouble()));
            }
        }
        StableSampler stable = kind.equals("heavy-tailed") ? StableSampler.of(rng, STABLE_ALPHA, 0.0) : null;
        for (int i = 0; i < samples; i++) {
            int base = i * n;
            for (int j = 0; j < n; j++) {
                double e = stable != null ? stable.sample() : scale[j] * z.sample();
                rows[base + j] = (float) (m + e);
            }
            if (spikes != null) {
                for (int a = 0; a < spikes.length; a++) {
                    double c = Math.sqrt(SPIKES[a]) * z.sample();
                    for (int j = 0; j < n; j++) {
                        rows[base + j] += (float) (c * spikes[a][j]);
                    }
                }
            }
        }
        return new GradientSet(rows, samples, n, List.of(new GradientSet.Block("first-half", 0, n / 2),
                new GradientSet.Block("second-half", n / 2, n - n / 2)));
    }
}
