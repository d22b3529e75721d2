package org.thermosgd.validation.text;

import org.thermosgd.training.train.TrainSummary;

/** {@code thermosgd train}'s summary as terminal text. */
public final class TrainingText {
    private TrainingText() {
    }

    /** One line of final accuracies, loss and throughput for {@code what} (model on data set), and the folder. */
    public static String of(String what, TrainSummary s) {
        return String.format("%s, %d epochs: test accuracy %.4f (best %.4f at epoch %d), train accuracy %.4f,"
                        + " train loss %.4f nats/sample, %.0f samples/s%nrun directory: %s", what, s.epochs(),
                s.finalTestAccuracy(), s.bestTestAccuracy(), s.bestEpoch(), s.finalTrainAccuracy(), s.finalTrainLoss(),
                s.samplesPerSecond(), s.runDirectory());
    }
}
