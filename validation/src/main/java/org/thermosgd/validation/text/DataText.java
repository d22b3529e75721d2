package org.thermosgd.validation.text;

import org.thermosgd.training.data.DatasetInfo;
import org.thermosgd.training.data.SourceFile;
import org.thermosgd.training.model.ModelCatalog;

/** {@code thermosgd data info} and {@code thermosgd models} as terminal text. */
public final class DataText {
    private DataText() {
    }

    /** The description {@code thermosgd data info} prints, every number with its unit. */
    public static String of(DatasetInfo info) {
        StringBuilder b = new StringBuilder();
        b.append(info.name()).append('\n');
        b.append(String.format("  images: %d train, %d test; shape %s (channels x height x width, pixels)%n",
                info.trainCount(), info.testCount(), info.imageShapeChw()));
        b.append("  class counts (images per label 0..9):\n");
        b.append("    train: ").append(counts(info.trainClassCounts())).append('\n');
        b.append("    test:  ").append(counts(info.testClassCounts())).append('\n');
        b.append("  pixel mean / std (over all pixels, [0,1] units = byte/255, population std):\n");
        b.append(String.format("    train: %.4f / %.4f%n    test:  %.4f / %.4f%n", info.trainPixelMean(),
                info.trainPixelStd(), info.testPixelMean(), info.testPixelStd()));
        b.append("  files (SHA-256 of the file as stored; verified = content matches the published digest):\n");
        for (SourceFile f : info.files()) {
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

    /** The built-in networks, a line each, and how to see one's layers. */
    public static String models() {
        StringBuilder b = new StringBuilder();
        for (ModelCatalog.Entry e : ModelCatalog.MODELS) {
            b.append(String.format("%-6s %,11d parameters  input %-8s %s%s%n", e.name(), e.parameters(), e.input(),
                    e.architecture(), e.trainable() ? "" : " [training not implemented yet]"));
        }
        return b.append("thermosgd models cnn prints a network's layers; thermosgd models cnn --json its"
                + " specification, a template for train --model FILE.json").toString();
    }
}
