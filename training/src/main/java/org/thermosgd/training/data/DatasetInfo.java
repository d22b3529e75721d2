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
}
