package org.thermosgd.validation.reproduce;

/**
 * Every experiment's sizes per {@link Scale}, in one place: each row is {test, quick, paper}. Reproductions run at
 * quick or paper scale (tests shrink them with their own options, so a figure's test entry is its quick one);
 * validations at all three. What each size is for is in docs/experiments.md.
 */
public final class Presets {
    private Presets() {
    }

    /** A training run's length: {@code epochs}, on the first {@code trainSubset} training images (0: all). */
    public record Training(int epochs, int trainSubset) {
        static Training of(int epochs) {
            return new Training(epochs, 0);
        }
    }

    /** Figure 1 (and Figure 3's Model 1 panel): Model 1 on MNIST, 60 epochs (one period of cyclic:30). */
    public static Training model1Figure(Scale s) {
        return s.of(Training.of(10), Training.of(10), Training.of(60));
    }

    /** Figure 2 (and Figure 3's Model 2 panel): Model 2 on MNIST. */
    public static Training model2Figure(Scale s) {
        return s.of(new Training(3, 2000), new Training(3, 2000), Training.of(60));
    }

    /** Figures 4 and 6's VGG16 runs on CIFAR-10. */
    public static Training vgg16Figure(Scale s) {
        return s.of(new Training(2, 1000), new Training(2, 1000), Training.of(60));
    }

    /** Figure 4 on Fashion-MNIST: whether Model 2 joins Model 1 (its runs take minutes each, paper scale only). */
    public static boolean fashionFig4WithModel2(Scale s) {
        return s == Scale.PAPER;
    }

    /** Figure 5: Model 1, momentum 0, random-max protocol. */
    public static Training fig5(Scale s) {
        return s.of(Training.of(10), Training.of(10), Training.of(100));
    }

    /**
     * Figure 6's Model 2 panel; quick: 800-1,600 iterations, enough for Model 2 to leave its initial plateau at these
     * rates (measured: the loss falls from 2.30 near iteration 450 at C 60; test accuracy 0.90 after 800).
     */
    public static Training fig6Model2(Scale s) {
        return s.of(new Training(8, 6000), new Training(8, 6000), Training.of(60));
    }

    /** validate equal-temperature: each pair's runs. */
    public static Training equalTemperature(Scale s) {
        return s.of(new Training(2, 1200), Training.of(8), Training.of(50));
    }

    /**
     * validate equilibrium: the plateau run, how many top Hessian directions, the images its Hessian averages over
     * (0: all training images), the samples whose gradients give the noise along them, and each held run's epochs.
     */
    public record Equilibrium(Training plateau, int directions, int hessianSamples, int noiseSamples, int heldEpochs) {
    }

    public static Equilibrium equilibrium(Scale s) {
        return s.of(new Equilibrium(new Training(1, 2000), 2, 1000, 200, 12),
                new Equilibrium(Training.of(5), 5, 10_000, 2000, 4),
                new Equilibrium(Training.of(30), 10, 0, 10_000, 30));
    }

    /**
     * validate isotropy: Model 1's and Model 2's runs, the per-sample gradients analysed at each checkpoint for each,
     * and Model 1's Hessian alignment: top directions, images the Hessian averages over, Hutchinson probes.
     */
    public record Isotropy(Training model1, Training model2, int model1Samples, int model2Samples, int curvatureTopK,
                           int hessianSamples, int probes) {
    }

    public static Isotropy isotropy(Scale s) {
        return s.of(new Isotropy(new Training(2, 1000), new Training(1, 256), 16, 16, 2, 500, 4),
                new Isotropy(Training.of(4), new Training(2, 1536), 500, 64, 5, 10_000, 20),
                new Isotropy(Training.of(20), Training.of(10), 2000, 500, 5, 10_000, 20));
    }

    /**
     * validate network-temperature: the plateau run, the grid of held settings (learning rates, batches, momenta),
     * each held run's epochs and the per-sample gradients its diffusion matrix is measured from.
     */
    public record NetworkTemperature(Training plateau, double[] lrs, int[] batches, double[] momenta, int heldEpochs,
                                     int diffusionSamples) {
    }

    public static NetworkTemperature networkTemperature(Scale s) {
        return s.of(new NetworkTemperature(new Training(1, 2000), new double[] {5e-3}, new int[] {256},
                        new double[] {0.9}, 1, 64),
                new NetworkTemperature(Training.of(3), new double[] {5e-3}, new int[] {256}, new double[] {0.9}, 2,
                        500),
                new NetworkTemperature(Training.of(20), new double[] {2e-3, 5e-3, 1e-2}, new int[] {64, 256},
                        new double[] {0.5, 0.9}, 5, 500));
    }

    /** validate quadratic: the grid of learning rates and batches, and the simulated chains and steps per cell. */
    public record Quadratic(double[] lrs, int[] batches, int chains, long steps) {
    }

    public static Quadratic quadratic(Scale s) {
        Quadratic quick = new Quadratic(new double[] {1e-3, 1e-2, 1e-1}, new int[] {1, 8}, 16, 20_000);
        return s.of(quick, quick, new Quadratic(new double[] {1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 1e-1},
                new int[] {1, 8, 64}, 32, 100_000));
    }

    /**
     * validate sde-vs-sgd: learning rates, paths and steps of each simulation, and cells per axis of the Kramers
     * (Fokker-Planck) grid.
     */
    public record SdeVsSgd(double[] lrs, int paths, long steps, int cells) {
    }

    public static SdeVsSgd sdeVsSgd(Scale s) {
        return s.of(new SdeVsSgd(new double[] {0.02, 0.08}, 8, 20_000, 60),
                new SdeVsSgd(new double[] {0.01, 0.02, 0.04, 0.08}, 16, 200_000, 160),
                new SdeVsSgd(new double[] {0.005, 0.01, 0.02, 0.04, 0.08, 0.16}, 16, 1_000_000, 240));
    }
}
