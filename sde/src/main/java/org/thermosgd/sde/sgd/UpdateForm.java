package org.thermosgd.sde.sgd;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The four momentum-SGD update forms, with gradient g, momentum mu, learning rate lr and step factor s (one scalar
 * per step). In the paper forms v is a velocity; in the torch forms b is PyTorch's momentum buffer.
 * <ul>
 *   <li>{@code paper} (the paper's eqs. 1-2): v' = mu v - s g; x' = x + lr v'</li>
 *   <li>{@code paper-nesterov}: v' = mu v - s g; x' = x + lr (mu v' - s g)</li>
 *   <li>{@code torch} (PyTorch SGD with a scheduler factor s): b' = mu b + g; x' = x - lr s b'</li>
 *   <li>{@code torch-nesterov} (PyTorch nesterov=True): b' = mu b + g; x' = x - lr s (g + mu b')</li>
 * </ul>
 * {@link #apply} is the one definition of these updates: {@link #coefficients} is read off it, and the ND4J
 * optimiser of the training module is tested against it.
 */
public enum UpdateForm {
    PAPER("paper"),
    PAPER_NESTEROV("paper-nesterov"),
    TORCH("torch"),
    TORCH_NESTEROV("torch-nesterov");

    private final String id;

    UpdateForm(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public boolean isTorch() {
        return this == TORCH || this == TORCH_NESTEROV;
    }

    @JsonCreator
    public static UpdateForm parse(String id) {
        for (UpdateForm f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("form '" + id + "' is not one of "
                + Arrays.stream(values()).map(UpdateForm::id).toList());
    }

    /** One update in place: x, v (velocity or buffer) and g (the mini-batch gradient at x), all of length n. */
    public void apply(double[] x, double[] v, double[] g, double lr, double mu, double s) {
        int n = x.length;
        switch (this) {
            case PAPER -> {
                for (int i = 0; i < n; i++) {
                    v[i] = mu * v[i] - s * g[i];
                    x[i] += lr * v[i];
                }
            }
            case PAPER_NESTEROV -> {
                for (int i = 0; i < n; i++) {
                    v[i] = mu * v[i] - s * g[i];
                    x[i] += lr * (mu * v[i] - s * g[i]);
                }
            }
            case TORCH -> {
                for (int i = 0; i < n; i++) {
                    v[i] = mu * v[i] + g[i];
                    x[i] -= lr * s * v[i];
                }
            }
            case TORCH_NESTEROV -> {
                for (int i = 0; i < n; i++) {
                    v[i] = mu * v[i] + g[i];
                    x[i] -= lr * s * (g[i] + mu * v[i]);
                }
            }
            default -> throw new IllegalStateException(id);
        }
    }

    /**
     * The update on a quadratic with gradient g = H x + xi, written (x, v)' = (A0 + s A1)(x, v) + (b0 + s b1) xi.
     * Each 2x2 block of A is {@code aI[r][c] I + aH[r][c] H} (rows/cols: x, v); in an eigen-direction of H with
     * curvature h the update is the 2x2 matrix aI + h aH.
     */
    public record Coefficients(double[][] a0I, double[][] a0H, double[][] a1I, double[][] a1H, double[] b0,
                               double[] b1) {
        /** A0 + s A1 restricted to an eigen-direction of curvature h, as a 2x2 matrix. */
        public double[][] a0(double h) {
            return combine(a0I, a0H, h);
        }

        public double[][] a1(double h) {
            return combine(a1I, a1H, h);
        }

        private static double[][] combine(double[][] i, double[][] hh, double h) {
            return new double[][] {{i[0][0] + h * hh[0][0], i[0][1] + h * hh[0][1]},
                    {i[1][0] + h * hh[1][0], i[1][1] + h * hh[1][1]}};
        }
    }

    /**
     * The coefficients of {@link #apply}, read off it: the update is linear in (x, v, g) and affine in s, so applying
     * it to unit states at s = 0 and s = 1 gives A0, A0 + A1, b0 and b0 + b1 (the gradient column is the H block).
     */
    public Coefficients coefficients(double lr, double mu) {
        double[][][] at = new double[2][][];
        for (int s = 0; s <= 1; s++) {
            double[][] m = new double[2][3];
            for (int col = 0; col < 3; col++) {
                double[] x = {col == 0 ? 1 : 0};
                double[] v = {col == 1 ? 1 : 0};
                double[] g = {col == 2 ? 1 : 0};
                apply(x, v, g, lr, mu, s);
                m[0][col] = x[0];
                m[1][col] = v[0];
            }
            at[s] = m;
        }
        double[][] a0I = {{at[0][0][0], at[0][0][1]}, {at[0][1][0], at[0][1][1]}};
        double[][] a0H = {{at[0][0][2], 0}, {at[0][1][2], 0}};
        double[][] a1I = {{at[1][0][0] - at[0][0][0], at[1][0][1] - at[0][0][1]},
                {at[1][1][0] - at[0][1][0], at[1][1][1] - at[0][1][1]}};
        double[][] a1H = {{at[1][0][2] - at[0][0][2], 0}, {at[1][1][2] - at[0][1][2], 0}};
        double[] b0 = {at[0][0][2], at[0][1][2]};
        double[] b1 = {at[1][0][2] - at[0][0][2], at[1][1][2] - at[0][1][2]};
        return new Coefficients(a0I, a0H, a1I, a1H, b0, b1);
    }

    /**
     * The linear-stability bound of the deterministic update (s = 1) on a quadratic: the largest lr h (h the
     * curvature) below which the 2x2 map of {@link #coefficients} has spectral radius below 1, found on the map
     * itself (scan, then bisection to 1e-12). Known closed forms: 2 (1 + mu) for heavy ball (paper, torch),
     * 2 (1 + mu) / (1 + 2 mu) for the Nesterov forms. A step factor s multiplies lr: the bound on lr s h is the same.
     */
    public double stabilityBound(double mu) {
        if (!(mu >= 0 && mu < 1)) {
            throw new IllegalArgumentException("momentum " + mu + " must be in [0, 1)");
        }
        Coefficients c = coefficients(1.0, mu);
        double lo = 0;
        double step = 1e-3;
        while (spectralRadius(c, lo + step) < 1) {
            lo += step;
            if (lo > 1e3) {
                return Double.POSITIVE_INFINITY;
            }
        }
        double hi = lo + step;
        while (hi - lo > 1e-12) {
            double mid = (lo + hi) / 2;
            if (spectralRadius(c, mid) < 1) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double spectralRadius(Coefficients c, double h) {
        double[][] a0 = c.a0(h);
        double[][] a1 = c.a1(h);
        double a = a0[0][0] + a1[0][0];
        double b = a0[0][1] + a1[0][1];
        double cc = a0[1][0] + a1[1][0];
        double d = a0[1][1] + a1[1][1];
        double tr = a + d;
        double det = a * d - b * cc;
        double disc = tr * tr / 4 - det;
        if (disc >= 0) {
            double r = Math.sqrt(disc);
            return Math.max(Math.abs(tr / 2 + r), Math.abs(tr / 2 - r));
        }
        return Math.sqrt(det);
    }
}
