package org.thermosgd.sde.sgd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UpdateFormTest {
    /**
     * The coefficients read off {@link UpdateForm#apply} reproduce one update on a quadratic: for g = h x + xi,
     * (x, v)' = (A0(h) + s A1(h)) (x, v) + (b0 + s b1) xi, to 1e-14, for random states and factors.
     */
    @ParameterizedTest
    @EnumSource(UpdateForm.class)
    void coefficientsReproduceApply(UpdateForm form) {
        double lr = 0.07;
        double mu = 0.85;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        UpdateForm.Coefficients c = form.coefficients(lr, mu);
        for (int trial = 0; trial < 20; trial++) {
            double h = rng.nextDouble(0.1, 5);
            double s = rng.nextDouble(0, 2);
            double xi = rng.nextDouble(-1, 1);
            double[] x = {rng.nextDouble(-1, 1)};
            double[] v = {rng.nextDouble(-1, 1)};
            double[] a0 = {x[0], v[0]};
            form.apply(x, v, new double[] {h * x[0] + xi}, lr, mu, s);
            double[][] m0 = c.a0(h);
            double[][] m1 = c.a1(h);
            double[] expect = new double[2];
            for (int r = 0; r < 2; r++) {
                expect[r] = (m0[r][0] + s * m1[r][0]) * a0[0] + (m0[r][1] + s * m1[r][1]) * a0[1]
                        + (c.b0()[r] + s * c.b1()[r]) * xi;
            }
            assertArrayEquals(expect, new double[] {x[0], v[0]}, 1e-14, form.id() + " trial " + trial);
        }
    }

    /** The paper form's coefficients are the paper's eqs. (1)-(2): x' = x + lr mu v - lr s g, v' = mu v - s g. */
    @ParameterizedTest
    @EnumSource(value = UpdateForm.class, names = "PAPER")
    void paperFormMatchesTheEquations(UpdateForm form) {
        UpdateForm.Coefficients c = form.coefficients(0.1, 0.9);
        assertEquals(1, c.a0I()[0][0]);
        assertEquals(0.1 * 0.9, c.a0I()[0][1], 1e-17);
        assertEquals(0.9, c.a0I()[1][1]);
        assertArrayEquals(new double[] {-0.1, -1}, c.b1(), 1e-17);
        assertArrayEquals(new double[] {0, 0}, c.b0());
    }

    @org.junit.jupiter.api.Test
    void stabilityBoundsAreTheKnownClosedForms() {
        for (double mu : new double[] {0, 0.5, 0.9, 0.99}) {
            double heavy = 2 * (1 + mu);
            double nesterov = 2 * (1 + mu) / (1 + 2 * mu);
            org.junit.jupiter.api.Assertions.assertEquals(heavy, UpdateForm.PAPER.stabilityBound(mu), 1e-9);
            org.junit.jupiter.api.Assertions.assertEquals(heavy, UpdateForm.TORCH.stabilityBound(mu), 1e-9);
            org.junit.jupiter.api.Assertions.assertEquals(nesterov, UpdateForm.TORCH_NESTEROV.stabilityBound(mu),
                    1e-9);
            org.junit.jupiter.api.Assertions.assertEquals(nesterov, UpdateForm.PAPER_NESTEROV.stabilityBound(mu),
                    1e-9);
        }
    }
}
