package org.thermosgd.sde.spectral;

/** A symmetric linear operator on R^n, known through its products. */
public interface SymmetricOperator {
    int dimension();

    /** A v (v is not modified). */
    double[] apply(double[] v);

    /** A dense symmetric matrix as an operator (for tests and small problems). */
    static SymmetricOperator of(double[][] a) {
        return new SymmetricOperator() {
            @Override
            public int dimension() {
                return a.length;
            }

            @Override
            public double[] apply(double[] v) {
                double[] out = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    double s = 0;
                    for (int j = 0; j < v.length; j++) {
                        s += a[i][j] * v[j];
                    }
                    out[i] = s;
                }
                return out;
            }
        };
    }
}
