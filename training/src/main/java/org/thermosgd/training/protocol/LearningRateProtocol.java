package org.thermosgd.training.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.thermosgd.run.MemoryBudget;
import org.thermosgd.sde.ensemble.StepHash;
import org.thermosgd.sde.sgd.StepFactor;

/**
 * The step factor s multiplying the learning rate, as a pure function of (seed, iteration, epoch position), so resume
 * and replay give the identical sequence. Random protocols are a seeded hash of the iteration, not a stateful stream.
 * Each protocol also gives its step-factor law ({@link #law}): E[s], E[s^2] and the autocorrelation that every
 * prediction about a run driven by it uses. Written to JSON as its command-line spelling ({@link #id}).
 */
public sealed interface LearningRateProtocol {
    /**
     * @param seed            the run's seed (random protocols only)
     * @param iteration       global iteration index, from 0
     * @param completedEpochs number of completed epochs (0 during the first epoch)
     * @param epochFraction   fractional epoch: completedEpochs + (batch index within the epoch) / batches per epoch
     */
    double factor(long seed, long iteration, int completedEpochs, double epochFraction);

    /** Command-line spelling, e.g. {@code cyclic:6}. */
    @JsonValue
    String id();

    /**
     * The law of s over iterations when an epoch has {@code batchesPerEpoch} iterations: constant, uniform, or (cyclic)
     * the deterministic sequence over one period of 2P epochs.
     */
    StepFactor law(int batchesPerEpoch);

    /** E[s] over iterations (the mean learning rate is lr times this; over whole periods for the cyclic ones). */
    double meanFactor();

    /** One line for config.json saying what lr means under this protocol. */
    String convention();

    /** Parses the command-line spelling: constant, random, random-max, cyclic:P, cyclic-iter:P. */
    @JsonCreator
    static LearningRateProtocol parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("protocol is required");
        }
        switch (text) {
            case "constant":
                return new Constant();
            case "random":
                return new Random(new StepFactor.Uniform(0, 2));
            case "random-max":
                return new Random(new StepFactor.Uniform(0, 1));
            default:
                break;
        }
        boolean perIteration = text.startsWith("cyclic-iter:");
        if (perIteration || text.startsWith("cyclic:")) {
            String p = text.substring(text.indexOf(':') + 1);
            try {
                return new Cyclic(Double.parseDouble(p), perIteration);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("protocol " + text + ": period '" + p
                        + "' must be a number of epochs, e.g. cyclic:6");
            }
        }
        throw new IllegalArgumentException("protocol '" + text + "' must be constant, random, random-max, cyclic:P"
                + " or cyclic-iter:P");
    }

    /** s = 1. */
    record Constant() implements LearningRateProtocol {
        private static final StepFactor.Constant ONE = new StepFactor.Constant(1);

        @Override
        public double factor(long seed, long iteration, int completedEpochs, double epochFraction) {
            return ONE.value();
        }

        @Override
        public String id() {
            return "constant";
        }

        @Override
        public StepFactor law(int batchesPerEpoch) {
            return ONE;
        }

        @Override
        public double meanFactor() {
            return ONE.mean();
        }

        @Override
        public String convention() {
            return "s = 1: lr is the learning rate";
        }
    }

    /** s ~ the uniform law, i.i.d. per iteration, as its quantile at hash(seed, iteration). */
    record Random(StepFactor.Uniform uniform) implements LearningRateProtocol {
        @Override
        public double factor(long seed, long iteration, int completedEpochs, double epochFraction) {
            return uniform.quantile(StepHash.uniform(seed, iteration));
        }

        @Override
        public String id() {
            double low = uniform.low();
            double high = uniform.high();
            return high == 2 && low == 0 ? "random" : high == 1 && low == 0 ? "random-max" : "random[" + low + ","
                    + high + "]";
        }

        @Override
        public StepFactor law(int batchesPerEpoch) {
            return uniform;
        }

        @Override
        public double meanFactor() {
            return uniform.mean();
        }

        @Override
        public String convention() {
            double low = uniform.low();
            double high = uniform.high();
            return "s ~ Uniform[" + low + ", " + high + "] per iteration: lr is the "
                    + (low == 0 && high == 2 ? "mean learning rate (maximum 2 lr)"
                    : low == 0 && high == 1 ? "maximum learning rate (mean lr / 2), the paper's eq. (1) read literally"
                    : "base rate; mean " + meanFactor() + " lr");
        }
    }

    /** s = 1 + cos(pi tau / P), tau = completed epochs (paper's eq. 20) or the fractional epoch. */
    record Cyclic(double periodEpochs, boolean perIteration) implements LearningRateProtocol {
        public Cyclic {
            if (!(periodEpochs > 0) || !Double.isFinite(periodEpochs)) {
                throw new IllegalArgumentException("cyclic period " + periodEpochs + " must be a positive number of"
                        + " epochs");
            }
        }

        @Override
        public double factor(long seed, long iteration, int completedEpochs, double epochFraction) {
            return StepFactor.Cosine.at(perIteration ? epochFraction : completedEpochs, periodEpochs);
        }

        @Override
        public String id() {
            String p = periodEpochs == Math.rint(periodEpochs) ? Long.toString((long) periodEpochs)
                    : Double.toString(periodEpochs);
            return (perIteration ? "cyclic-iter:" : "cyclic:") + p;
        }

        /** The factors of one period, 2P epochs; needs 2P to be a whole number of epochs. */
        @Override
        public StepFactor law(int batchesPerEpoch) {
            double epochs = 2 * periodEpochs;
            if (epochs != Math.rint(epochs)) {
                throw new IllegalArgumentException("protocol " + id() + ": its period 2P = " + epochs + " epochs is"
                        + " not a whole number of epochs, so its factors have no periodic law to predict from");
            }
            if (batchesPerEpoch < 1) {
                throw new IllegalArgumentException("batches per epoch " + batchesPerEpoch + " must be >= 1");
            }
            double steps = epochs * batchesPerEpoch;
            if (steps > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(String.format("protocol %s: its period 2P = %.0f epochs of %d"
                        + " batches is %.0f steps, more than the %d steps a periodic law can hold (use a shorter P)",
                        id(), epochs, batchesPerEpoch, steps, Integer.MAX_VALUE - 8));
            }
            MemoryBudget.requireHeap(String.format("the factors of protocol %s over one period (%,.0f steps)", id(),
                    steps), 2 * 8.0 * steps);
            double[] s = new double[(int) steps];
            for (int t = 0; t < s.length; t++) {
                int e = t / batchesPerEpoch;
                s[t] = factor(0, t, e, e + (double) (t % batchesPerEpoch) / batchesPerEpoch);
            }
            return new StepFactor.Periodic(s);
        }

        /** 1 exactly: the cosine averages to zero over whole periods. */
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
