package org.thermosgd.training.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.sde.spectral.Lanczos;
import org.thermosgd.sde.spectral.SymmetricOperator;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.model.Mlp;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.model.Network;

class CurvatureTest {
    static final int IN = 6;
    static final int HID = 5;
    static final int OUT = 3;

    /** Summed cross-entropy of the small perceptron and its gradient, in double precision (the reference). */
    static double lossAndGradient(double[] p, double[][] x, int[] y, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        int o2 = HID * IN + HID;
        double loss = 0;
        for (int s = 0; s < x.length; s++) {
            double[] z1 = new double[HID];
            double[] a1 = new double[HID];
            for (int h = 0; h < HID; h++) {
                z1[h] = p[HID * IN + h];
                for (int i = 0; i < IN; i++) {
                    z1[h] += p[h * IN + i] * x[s][i];
                }
                a1[h] = Math.max(0, z1[h]);
            }
            double[] z2 = new double[OUT];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < OUT; k++) {
                z2[k] = p[o2 + OUT * HID + k];
                for (int h = 0; h < HID; h++) {
                    z2[k] += p[o2 + k * HID + h] * a1[h];
                }
                max = Math.max(max, z2[k]);
            }
            double sum = 0;
            for (double z : z2) {
                sum += Math.exp(z - max);
            }
            loss += Math.log(sum) + max - z2[y[s]];
            double[] d2 = new double[OUT];
            for (int k = 0; k < OUT; k++) {
                d2[k] = Math.exp(z2[k] - max) / sum - (k == y[s] ? 1 : 0);
                grad[o2 + OUT * HID + k] += d2[k];
                for (int h = 0; h < HID; h++) {
                    grad[o2 + k * HID + h] += d2[k] * a1[h];
                }
            }
            for (int h = 0; h < HID; h++) {
                double d1 = 0;
                for (int k = 0; k < OUT; k++) {
                    d1 += d2[k] * p[o2 + k * HID + h];
                }
                d1 = z1[h] > 0 ? d1 : 0;
                grad[HID * IN + h] += d1;
                for (int i = 0; i < IN; i++) {
                    grad[h * IN + i] += d1 * x[s][i];
                }
            }
        }
        return loss;
    }

    @Test
    void rOperatorProductsMatchTheDenseHessianOfASmallNetwork() {
        Random r = new Random(11);
        MlpCurvature c = new MlpCurvature(IN, HID, OUT);
        int n = c.parameters();
        int batch = 40;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = r.nextGaussian() * 0.7;
        }
        double[][] x = new double[batch][IN];
        float[] xf = new float[batch * IN];
        int[] y = new int[batch];
        for (int s = 0; s < batch; s++) {
            for (int i = 0; i < IN; i++) {
                x[s][i] = (float) r.nextGaussian();
                xf[s * IN + i] = (float) x[s][i];
            }
            y[s] = r.nextInt(OUT);
        }
        for (int i = 0; i < n; i++) {
            p[i] = (float) p[i];
        }
        double[][] dense = new double[n][n];
        double h = 1e-6;
        double[] gp = new double[n];
        double[] gm = new double[n];
        for (int j = 0; j < n; j++) {
            double[] q = p.clone();
            q[j] += h;
            lossAndGradient(q, x, y, gp);
            q[j] -= 2 * h;
            lossAndGradient(q, x, y, gm);
            for (int i = 0; i < n; i++) {
                dense[i][j] = (gp[i] - gm[i]) / (2 * h);
            }
        }
        float[] pf = new float[n];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            pf[i] = (float) p[i];
            v[i] = (float) r.nextGaussian();
        }
        MlpCurvature.Sums sums = c.sums(pf, xf, y, batch, v);
        double[] g = new double[n];
        double loss = lossAndGradient(p, x, y, g);
        assertEquals(loss, sums.loss(), 1e-5 * loss);
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            double hv = 0;
            for (int j = 0; j < n; j++) {
                hv += dense[i][j] * v[j];
            }
            worst = Math.max(worst, Math.abs(hv - sums.hessianTimesV()[i]));
            scale = Math.max(scale, Math.abs(hv));
            assertEquals(g[i], sums.gradient()[i], 1e-4 * (1 + Math.abs(g[i])), "gradient " + i);
        }
        assertTrue(worst < 1e-4 * scale, "max |Hv - dense H v| = " + worst + " of " + scale);

        // the top eigenvalues by Lanczos on the R-operator against the dense eigen-decomposition
        double[] exact = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(symmetrised(dense))).getEigenvalues();
        java.util.Arrays.sort(exact);
        Lanczos.Result top = Lanczos.extremes(new SymmetricOperator() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public double[] apply(double[] w) {
                float[] wf = new float[n];
                for (int i = 0; i < n; i++) {
                    wf[i] = (float) w[i];
                }
                double[] hv = c.sums(pf, xf, y, batch, wf).hessianTimesV();
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = hv[i];
                }
                return out;
            }
        }, 3, 1, n, 1e-6, 3L);
        for (int k = 0; k < 3; k++) {
            assertEquals(exact[n - 1 - k], top.values()[k], 1e-4 * exact[n - 1], "eigenvalue " + k);
        }
        assertEquals(exact[0], top.bottomValues()[0], 1e-4 * exact[n - 1], "most negative eigenvalue");
    }

    private static double[][] symmetrised(double[][] a) {
        double[][] s = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                s[i][j] = (a[i][j] + a[j][i]) / 2;
            }
        }
        return s;
    }

    static ImageSet images(int n, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) r.nextInt(10);
            for (int j = 0; j < 784; j++) {
                // a class-dependent blob, so that the network's curvature is not that of noise
                px[i * 784 + j] = (byte) (((j % 10) == labels[i] ? 180 : 0) + r.nextInt(60));
            }
        }
        return ImageSet.of("synthetic", 1, 28, 28, px, labels);
    }

    @Test
    void model1GradientAgreesWithTheTrainingNetworkAndFiniteDifferencesAgreeWithTheRoperator() {
        ImageSet data = images(300, 2L);
        Network net = ModelCatalog.create("mlp", 5L);
        float[] params = net.params().toFloatVector();
        int[] idx = HessianOperator.range(0, 300);
        INDArray g = Nd4j.create(DataType.FLOAT, params.length);
        net.lossAndGradient(data.images(idx), HessianOperator.labels(data, 0, 300), 300, g);
        MlpCurvature.Sums s = new MlpCurvature(Mlp.IN, Mlp.HIDDEN, Mlp.OUT).sums(params, data.images(idx),
                HessianOperator.labels(data, 0, 300), 300, null);
        float[] gv = g.toFloatVector();
        for (int i = 0; i < params.length; i += 97) {
            assertEquals(gv[i], s.gradient()[i] / 300, 1e-5 + 1e-4 * Math.abs(gv[i]), "gradient " + i);
        }
        HessianOperator exact = HessianOperator.of("mlp", params, data, 300, 1e-3, "auto", k -> { });
        FiniteDifferenceHessian fd = FiniteDifferenceHessian.of("mlp", params, data, 300, 1e-3, k -> { });
        Random r = new Random(9);
        double[] v = new double[params.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        double[] a = exact.apply(v);
        double[] b = fd.apply(v);
        double diff = 0;
        double size = 0;
        for (int i = 0; i < v.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            size += a[i] * a[i];
        }
        double rel = Math.sqrt(diff / size);
        assertTrue(rel < Math.max(5 * fd.relativeError(), 1e-3), "finite differences (step " + fd.step()
                + ", estimated error " + fd.relativeError() + ") against the R-operator: " + rel);
        assertTrue(fd.relativeError() < 0.1, fd.method());
    }
}
