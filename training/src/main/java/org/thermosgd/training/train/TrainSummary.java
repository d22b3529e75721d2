package org.thermosgd.training.train;

/**
 * What a finished run reports. Accuracies are fractions in [0, 1]; losses are mean cross-entropy in nats per sample;
 * throughput counts training samples per second of training-step wall time (evaluation excluded).
 */
public record TrainSummary(String runDirectory, int epochs, double bestTestAccuracy, int bestEpoch,
                           double finalTestAccuracy, double finalTestLoss, double finalTrainAccuracy,
                           double finalTrainLoss, double samplesPerSecond) {
}
