package org.thermosgd.validation.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.thermosgd.sde.sgd.GradientNoise;
import org.thermosgd.sde.sgd.SgdProblem;
import org.thermosgd.sde.sgd.StationaryComparison;
import org.thermosgd.sde.sgd.StepFactor;
import org.thermosgd.sde.sgd.UpdateForm;
import org.thermosgd.training.train.TrainSummary;

class TheoryTextTest {
    @Test
    void stationaryTextPrintsTheExactMomentsTheirVariableAndThePapersTemperatureWithUnits() {
        SgdProblem p = new SgdProblem(UpdateForm.TORCH, 0.9, 0.01, new StepFactor.Constant(1), new double[][] {{2.0}},
                new GradientNoise.Gaussian(new double[][] {{1.0}}, 1));
        StationaryComparison c = StationaryComparison.of(p, false, 0, 0, 1, 1);
        String text = TheoryText.of(c);
        assertTrue(text.contains(String.format("%-14.6e", c.exact().x2()[0])), text);
        assertTrue(text.contains(String.format("%-14.6e", c.paper().x2()[0])), text);
        assertTrue(text.contains("E[b_i^2] (PyTorch momentum buffer)"), text);
        assertTrue(text.contains("(units of loss; T = lr D / (6 C (1 - mu)))"), text);
    }

    @Test
    void trainingTextSaysAccuraciesLossUnitsAndFolder() {
        String text = TrainingText.of("mlp on mnist", new TrainSummary("runs/x", 2, 0.91, 2, 0.9125, 0.3, 0.905,
                0.31, 12345.6));
        assertTrue(text.startsWith("mlp on mnist, 2 epochs: test accuracy 0.9125 (best 0.9100 at epoch 2)"), text);
        assertTrue(text.contains("train loss 0.3100 nats/sample, 12346 samples/s"), text);
        assertTrue(text.endsWith("run directory: runs/x"), text);
    }
}
