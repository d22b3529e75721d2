package org.thermosgd.training.protocol;

/**
 * The step factor s multiplying the learning rate, as a pure function of (iteration, epoch position), so resume and
 * replay give the identical sequence. Random protocols are a seeded hash of the iteration, not a stateful stream.
 */
public sealed interface LearningRateProtocol {
    /**
     * @param iteration       global iteration index, from 0
     * @param completedEpochs number of completed epochs (0 during the first epoch)
     * @param epochFraction   fractional epoch: completedEpochs + (batch index within the epoch) / batches per epoch
     */
    double factor(long iteration, int completedEpochs, double epochFraction);

    /** Command-line spelling, e.g. {@code cyclic:6}. */
    String id();

    /** E[s] over iterations (the mean learning rate is lr times this). */
    double meanFactor();

    /** One line for config.json saying what lr means under this protocol. */
    String convention();

    static LearningRateProtocol parse(String text, long seed) {
        if (text == null) {
            throw new IllegalArgumentException("--protocol is required");
        }
        switch (text) {
            case "constant":
                return new Constant();
            case "random":
                return new Random(0, 2, seed);
            case "random-max":
                return new Random(0, 1, seed);
            default:
                break;
        }
        boolean perIteration = text.startsWith("cyclic-iter:");
        if (perIteration || text.startsWith("cyclic:")) {
            String p = text.substring(text.indexOf(':') + 1);
            try {
                return new Cyclic(Double.parseDouble(p), perIteration);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--protocol " + text + ": period '" + p
                        + "' must be a number of epochs, e.g. cyclic:6");
            }
        }
        throw new IllegalArgumentException("--protocol '" + text + "' must be constant, random, random-max, cyclic:P"
                + " or cyclic-iter:P");
    }

    /** s = 1. */
    record Constant() implements LearningRateProtocol {
        @Override
        public double factor(long iteration, int completedEpochs, double epochFraction) {
            return 1.0;
        }

        @Override
        public String id() {
            return "constant";
        }

        @Override
        public double meanFactor() {
            return 1.0;
        }

        @Override
        public String convention() {
            return "s = 1: lr is the learning rate";
        }
    }

    /** s ~ Uniform[low, high], i.i.d. per iteration, as hash(seed, iteration). */
    record Random(double low, double high, long seed) implements LearningRateProtocol {
        public Random {
            if (!(low >= 0) || !(high > low)) {
                throw new IllegalArgumentException("random factor range [" + low + ", " + high + "] must have"
                        + " 0 <= low < high");
            }
        }

        @Override
        public double factor(long iteration, int completedEpochs, double epochFraction) {
            return low + (high - low) * StepHash.uniform(seed, iteration);
        }

        @Override
        public String id() {
            return high == 2 && low == 0 ? "random" : high == 1 && low == 0 ? "random-max" : "random[" + low + ","
                    + high + "]";
        }

        @Override
        public double meanFactor() {
            return 0.5 * (low + high);
        }

        @Override
        public String convention() {
            return "s ~ Uniform[" + low + ", " + high + "] per iteration: lr is the "
                    + (low == 0 && high == 2 ? "mean learning rate (maximum 2 lr)"
                    : low == 0 && high == 1 ? "maximum learning rate (mean lr / 2), the paper's eq. (1) read literally"
                    : "base rate; mean " + meanFactor() + " lr");
        }
    }

    /** s = 1 + cos(pi tau / P), tau = completed epochs (paper's eq. 20) or the fractional epoch. */
    record Cyclic(double periodEpochs, boolean perIteration) implements LearningRateProtocol {
        public Cyclic {
            if (!(periodEpochs > 0)) {
                throw new IllegalArgumentException("cyclic period " + periodEpochs + " must be a positive number of"
                        + " epochs");
            }
        }

        @Override
        public double factor(long iteration, int completedEpochs, double epochFraction) {
            double tau = perIteration ? epochFraction : completedEpochs;
            return 1 + Math.cos(Math.PI * tau / periodEpochs);
        }

        @Override
        public String id() {
            String p = periodEpochs == Math.rint(periodEpochs) ? Long.toString((long) periodEpochs)
                    : Double.toString(periodEpochs);
            return (perIteration ? "cyclic-iter:" : "cyclic:") + p;
        }

        @Override
        public double meanFactor() {
            return 1.0;
        }

        @Override
        public String convention() {
            return "s = 1 + cos(pi tau / " + periodEpochs + "), tau = "
                    + (perIteration ? "fractional epoch" : "completed epochs (eq. 20)")
                    + ": lr is the mean over a full period of 2P epochs (maximum 2 lr)";
        }
    }
}
