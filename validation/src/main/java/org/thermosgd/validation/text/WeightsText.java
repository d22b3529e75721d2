package org.thermosgd.validation.text;

import java.util.Arrays;
import java.util.Map;
import org.thermosgd.training.train.WeightFiles;

/** {@code thermosgd weights}' results as terminal text. */
public final class WeightsText {
    private WeightsText() {
    }

    /** What was written: tensors, model, epoch, test accuracy, SHA-256. */
    public static String export(WeightFiles.Export r) {
        Map<String, String> meta = r.metadata();
        return String.format("%s: %d tensors of model %s after epoch %s (test accuracy %s), float32, SHA-256 %s",
                r.written(), r.tensors().size(), meta.get("model"), meta.get("epoch"),
                meta.getOrDefault("test_accuracy", "not recorded"), r.sha256());
    }

    /** A line per tensor (name, dtype, shape, elements), then the totals and metadata. */
    public static String info(WeightFiles.Info r) {
        StringBuilder b = new StringBuilder();
        for (WeightFiles.Tensor t : r.tensors()) {
            b.append(String.format("%-24s %-5s %-22s %,d elements%n", t.name(), t.dtype(), Arrays.toString(t.shape()),
                    t.elements()));
        }
        b.append(String.format("%d tensors, %,d elements; metadata %s", r.tensors().size(), r.elements(),
                r.metadata()));
        return b.toString();
    }

    /** Test accuracy and loss of {@code file} as {@code model} on {@code dataset}. */
    public static String evaluation(Object file, String model, String dataset, WeightFiles.Evaluation r) {
        return String.format("%s as %s on the %d %s test images: test accuracy %.4f, test loss %.4f nats/sample (mean"
                + " cross-entropy)", file, model, r.testImages(), dataset, r.testAccuracy(), r.testLoss());
    }
}
