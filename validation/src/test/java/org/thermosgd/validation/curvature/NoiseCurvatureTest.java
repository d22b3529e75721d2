package org.thermosgd.validation.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.thermosgd.sde.spectral.SymmetricOperator;

/**
 * {@link NoiseCurvature#of(float[], int, SymmetricOperator, double[], double[][], int, long)} on gradients of a
 * known law, against the sample covariance computed here in double.
 */
class NoiseCurvatureTest {
    @Test
    void noiseProportionalToTheHessianIsRecognised() {
        int n = 30;
        int samples = 400;
        double[] d = new double[n];
        double[][] hm = new double[n][n];
        for (int j = 0; j < n; j++) {
            d[j] = 1 + j;
            hm[j][j] = 2 * d[j];
        }
        Random rng = new Random(11);
        float[] g = new float[samples * n];
        for (int s = 0; s < samples; s++) {
            for (int j = 0; j < n; j++) {
                g[s * n + j] = (float) (0.5 + Math.sqrt(d[j]) * rng.nextGaussian());
            }
        }
        // H's top eigenpairs: 2 d_j along e_j, largest first
        double[] lambda = {2 * d[n - 1], 2 * d[n - 2]};
        double[][] u = new double[2][n];
        u[0][n - 1] = 1;
        u[1][n - 2] = 1;
        NoiseCurvature.Result r = NoiseCurvature.of(g, samples, SymmetricOperator.of(hm), lambda, u, 2000, 5L);

        double[] mean = new double[n];
        for (int s = 0; s < samples; s++) {
            for (int j = 0; j < n; j++) {
                mean[j] += g[s * n + j] / (double) samples;
            }
        }
        double[][] cov = new double[n][n];
        for (int s = 0; s < samples; s++) {
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    cov[a][b] += (g[s * n + a] - mean[a]) * (g[s * n + b] - mean[b]) / (samples - 1);
                }
            }
        }
        double trS = 0;
        double frobS2 = 0;
        double trHS = 0;
        double frobH2 = 0;
        for (int a = 0; a < n; a++) {
            trS += cov[a][a];
            trHS += hm[a][a] * cov[a][a];
            frobH2 += hm[a][a] * hm[a][a];
            for (int b = 0; b < n; b++) {
                frobS2 += cov[a][b] * cov[a][b];
            }
        }
        assertEquals(samples, r.samples());
        assertEquals(n, r.dimension());
        assertEquals(trS, r.traceS(), 1e-5 * trS);
        assertEquals(Math.sqrt(frobS2), r.frobeniusS(), 1e-5 * Math.sqrt(frobS2));
        double cosI = trS / (Math.sqrt(n) * Math.sqrt(frobS2));
        assertEquals(cosI, r.cosineIS(), 1e-5, "cos(I, S) = tr S / (sqrt(n) |S|_F)");
        // tr(H S) and |H|_F from 2000 Rademacher probes: within 5% of the exact values
        double cosH = trHS / (Math.sqrt(frobH2) * Math.sqrt(frobS2));
        assertEquals(cosH, r.cosineHS(), 0.05 * cosH, "cos(H, S) = tr(H S) / (|H|_F |S|_F) = " + cosH);
        assertEquals(Math.sqrt(frobH2), r.frobeniusH(), 0.05 * Math.sqrt(frobH2));
        // Sigma = H / 2: cos(H, Sigma) = 1; the sample's cos(H, S) is above 0.9 and above cos(I, S) (0.87 for Sigma)
        assertTrue(cosH > 0.9 && cosI < 0.9, cosH + " " + cosI);
        assertTrue(r.verdict().startsWith("Sigma proportional to H holds"), r.verdict());
        for (int i = 0; i < 2; i++) {
            int j = n - 1 - i;
            double second = 0;
            for (int s = 0; s < samples; s++) {
                second += (double) g[s * n + j] * g[s * n + j] / samples;
            }
            double[] row = r.topDirections()[i];
            assertEquals(lambda[i], row[0]);
            assertEquals(cov[j][j], row[1], 1e-5 * cov[j][j], "u'Su is the sample variance along e_" + j);
            assertEquals(second, row[2], 1e-5 * second, "u'Mu is the mean square along e_" + j);
            assertEquals(row[1] / row[0], row[3], 1e-12);
        }
        assertNull(r.hessian(), "no Hessian description when the caller gives the Hessian");
    }
}
