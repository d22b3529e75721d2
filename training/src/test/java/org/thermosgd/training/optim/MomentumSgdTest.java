package org.thermosgd.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.sde.sgd.UpdateForm;

class MomentumSgdTest {
    /**
     * Three steps of the reference update {@link UpdateForm#apply} (double precision, weight decay coupled by hand)
     * with a changing factor, against the ND4J optimiser: equal to float32 rounding (1e-6); each step returns the
     * lr x s it used.
     */
    @ParameterizedTest
    @EnumSource(UpdateForm.class)
    void matchesTheHandComputation(UpdateForm form) {
        double lr = 0.1;
        double mu = 0.9;
        double wd = 0.01;
        double[] s = {1.0, 0.5, 1.7};
        double[][] grads = {{0.3, -1.0, 2.0}, {0.1, 0.4, -0.5}, {-0.2, 0.0, 1.5}};
        double[] x = {1.0, -2.0, 0.5};
        double[] v = new double[3];
        MomentumSgd opt = MomentumSgd.of(form, lr, mu, wd, 3);
        INDArray params = Nd4j.createFromArray(new float[] {1.0f, -2.0f, 0.5f});
        for (int t = 0; t < 3; t++) {
            double[] g = new double[3];
            for (int i = 0; i < 3; i++) {
                g[i] = grads[t][i] + wd * x[i];
            }
            form.apply(x, v, g, lr, mu, s[t]);
            float[] gf = new float[3];
            for (int i = 0; i < 3; i++) {
                gf[i] = (float) grads[t][i];
            }
            assertEquals(lr * s[t], opt.step(params, Nd4j.createFromArray(gf), s[t]), 0, "lr x s of the step");
        }
        float[] expectX = new float[3];
        float[] expectV = new float[3];
        for (int i = 0; i < 3; i++) {
            expectX[i] = (float) x[i];
            expectV[i] = (float) v[i];
        }
        assertArrayEquals(expectX, params.toFloatVector(), 1e-6f, form.id() + " parameters");
        assertArrayEquals(expectV, opt.state().toFloatVector(), 1e-6f, form.id() + " state");
    }
}
