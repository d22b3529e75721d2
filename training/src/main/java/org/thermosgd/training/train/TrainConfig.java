package org.thermosgd.training.train;

import java.nio.file.Path;

/**
 * A training run, fully resolved (written to config.json). Learning rate {@code lr} is multiplied by the protocol's
 * factor s each iteration; {@code trainSubset} = 0 means the whole training split; the data order of epoch e is a
 * pure function of (seed, e).
 */
public record TrainConfig(String model, String dataset, String dataDir, String protocol, double lr, int batch,
                          double momentum, String form, double weightDecay, int epochs, long seed, int trainSubset,
                          int threads, int evalBatch, String inputScaling) {
    public static final String INPUT_SCALING = "pixels / 255 in [0, 1]; no mean/std normalisation";

    public TrainConfig {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch " + batch + " must be >= 1");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs " + epochs + " must be >= 1");
        }
        if (trainSubset < 0) {
            throw new IllegalArgumentException("--train-subset " + trainSubset + " must be >= 0 (0 = all)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads " + threads + " must be >= 1");
        }
        if (evalBatch < 1) {
            throw new IllegalArgumentException("evalBatch " + evalBatch + " must be >= 1");
        }
    }

    public Path dataPath() {
        return dataDir == null ? null : Path.of(dataDir);
    }
}
