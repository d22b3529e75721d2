package org.thermosgd.fp.equilibrium;

/** Gaussian kernel density estimate with Silverman's bandwidth h = 0.9 min(sd, IQR/1.34) N^(-1/5). */
public record GaussianKde(double[] samples, double bandwidth) {
    public static GaussianKde silverman(double[] x) {
        double[] s = x.clone();
        java.util.Arrays.sort(s);
        double m = 0;
        for (double v : x) {
            m += v;
        }
        m /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        double sd = Math.sqrt(ss / (x.length - 1));
        double iqr = Histogram.quantile(s, 0.75) - Histogram.quantile(s, 0.25);
        double spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
        return new GaussianKde(x.clone(), 0.9 * spread * Math.pow(x.length, -0.2));
    }

    public double density(double at) {
        double s = 0;
        for (double v : samples) {
            double z = (at - v) / bandwidth;
            s += Math.exp(-0.5 * z * z);
        }
        return s / (samples.length * bandwidth * Math.sqrt(2 * Math.PI));
    }
}
