package org.thermosgd.training.data;

import java.util.List;

/**
 * Summary of a data set. Pixel statistics are over every pixel of the split, in [0, 1] units (byte / 255); the
 * standard deviation is the population one.
 */
public record DatasetInfo(String name, int trainCount, int testCount, List<Integer> imageShapeChw,
                          int[] trainClassCounts, int[] testClassCounts, double trainPixelMean,
                          double trainPixelStd, double testPixelMean, double testPixelStd, List<SourceFile> files) {

    public static DatasetInfo of(Dataset d) {
        double[] tr = d.train().pixelMeanStd();
        double[] te = d.test().pixelMeanStd();
        ImageSet t = d.train();
        return new DatasetInfo(d.name(), t.size(), d.test().size(), List.of(t.channels(), t.height(), t.width()),
                t.classCounts(), d.test().classCounts(), tr[0], tr[1], te[0], te[1], d.files());
    }

    /** The description {@code thermosgd data info} prints, every number with its unit. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(name).append('\n');
        b.append(String.format("  images: %d train, %d test; shape %s (channels x height x width, pixels)%n",
                trainCount, testCount, imageShapeChw));
        b.append("  class counts (images per label 0..9):\n");
        b.append("    train: ").append(counts(trainClassCounts)).append('\n');
        b.append("    test:  ").append(counts(testClassCounts)).append('\n');
        b.append("  pixel mean / std (over all pixels, [0,1] units = byte/255, population std):\n");
        b.append(String.format("    train: %.4f / %.4f%n    test:  %.4f / %.4f%n", trainPixelMean, trainPixelStd,
                testPixelMean, testPixelStd));
        b.append("  files (SHA-256 of the file as stored; verified = content matches the published digest):\n");
        for (SourceFile f : files) {
            b.append(String.format("    %-13s %s  %d bytes  sha256 %s  %s%n", f.role(), f.path(), f.bytes(),
                    f.sha256(), f.verified() == null ? "no digest known" : f.verified() ? "verified" : "MISMATCH"));
        }
        return b.toString().stripTrailing();
    }

    private static String counts(int[] c) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < c.length; k++) {
            b.append(k == 0 ? "" : " ").append(k).append(':').append(c[k]);
        }
        return b.toString();
    }
}
