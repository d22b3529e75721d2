package org.thermosgd.sde.observable;

/**
 * Running mean and covariance of vectors (Welford's update generalised to co-moments), numerically stable for long
 * series. {@link #secondMoment} gives raw moments E[y_i y_j] (population normalisation, 1/N).
 */
public final class CovarianceAccumulator {
    private final int d;
    private final double[] mean;
    private final double[][] comoment;
    private final double[] delta;
    private long count;

    public CovarianceAccumulator(int dimension) {
        this.d = dimension;
        this.mean = new double[dimension];
        this.comoment = new double[dimension][dimension];
        this.delta = new double[dimension];
    }

    public void add(double[] y) {
        count++;
        double inv = 1.0 / count;
        for (int i = 0; i < d; i++) {
            delta[i] = y[i] - mean[i];
            mean[i] += delta[i] * inv;
        }
        for (int i = 0; i < d; i++) {
            double a = y[i] - mean[i];
            double[] row = comoment[i];
            for (int j = 0; j <= i; j++) {
                row[j] += a * delta[j];
            }
        }
    }

    public long count() {
        return count;
    }

    public double mean(int i) {
        return mean[i];
    }

    /** Population covariance (1/N). */
    public double covariance(int i, int j) {
        return (i >= j ? comoment[i][j] : comoment[j][i]) / count;
    }

    public double secondMoment(int i, int j) {
        return covariance(i, j) + mean[i] * mean[j];
    }

    public double[][] secondMoments() {
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                s[i][j] = secondMoment(i, j);
            }
        }
        return s;
    }
}
