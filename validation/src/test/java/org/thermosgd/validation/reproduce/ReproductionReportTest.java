package org.thermosgd.validation.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The paper's panels chosen among a figure's single figures. */
class ReproductionReportTest {
    @Test
    void oneModelFiguresKeepThePaperOrder() {
        assertEquals(List.of("training-loss", "train-accuracy", "test-accuracy"), ReproductionReport.paperLayout(
                "fig1", List.of("training-loss", "train-accuracy", "test-accuracy")));
        assertEquals(List.of("training-loss", "training-loss-zoom"), ReproductionReport.paperLayout("fig5",
                List.of("training-loss", "training-loss-zoom")));
        assertEquals(List.of("training-loss", "test-accuracy"), ReproductionReport.paperLayout("fig6",
                List.of("training-loss", "training-loss-zoom", "test-accuracy")));
    }

    /** Panel prefixes are one word; a figure whose prefix has a dash is not a panel; at most four panels. */
    @Test
    void perModelFigures() {
        assertEquals(List.of("model1-best-test-accuracy", "model2-best-test-accuracy"), ReproductionReport
                .paperLayout("fig3", List.of("model1-best-test-accuracy", "model2-best-test-accuracy")));
        assertEquals(List.of("model1-test-accuracy", "model1-overfitting", "model2-test-accuracy",
                "model2-overfitting"), ReproductionReport.paperLayout("fig4", List.of("model1-test-accuracy",
                "model1-overfitting", "model2-test-accuracy", "model2-overfitting", "vgg16-test-accuracy",
                "vgg16-overfitting")));
        assertEquals(List.of("model1-test-accuracy"), ReproductionReport.paperLayout("fig4",
                List.of("model1-test-accuracy", "a-b-test-accuracy")));
        assertEquals(List.of("model2-training-loss", "vgg16-training-loss"), ReproductionReport.paperLayout("fig6",
                List.of("model2-training-loss", "model2-test-accuracy", "vgg16-training-loss",
                        "vgg16-test-accuracy")));
    }

    @Test
    void unknownExperimentHasNoLayout() {
        assertEquals(List.of(), ReproductionReport.paperLayout("equal-temperature", List.of("training-loss")));
    }
}
