package org.thermosgd.training.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.run.ProcessMemory;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.sde.ensemble.StepHash;
import org.thermosgd.sde.sgd.UpdateForm;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.model.Network;
import org.thermosgd.training.optim.MomentumSgd;
import org.thermosgd.training.protocol.LearningRateProtocol;

/**
 * Trains a network with instrumented momentum SGD. Per iteration: mini-batch loss, factor s, and the mean square of
 * the velocity / buffer per parameter. Per epoch: full train and test loss and accuracy, parameter norm, wall time;
 * then the CSVs and a checkpoint, all written atomically, so a killed run resumes from its last completed epoch.
 */
public final class Trainer {
    /** Called after each training iteration with the number of iterations done in the current epoch. */
    public interface Listener {
        void iteration(int epoch, int batchInEpoch, int batchesPerEpoch);

        /** After each update, the parameters x_t (t = iterations done); read, never modify. */
        default void parameters(long iteration, INDArray params) {
        }

        /** After each epoch's metrics and checkpoint are written: the row epochs.csv got. */
        default void epoch(EpochRow row) {
        }
    }

    /** Thrown when the loss stops being finite; the checkpoint of the last finished epoch, if any, is kept. */
    public static final class DivergedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DivergedException(String message) {
            super(message);
        }
    }

    /** Networks up to this size keep every epoch's parameters in checkpoints/epoch-E.bin (Model 1: 0.6 MB each). */
    public static final long SNAPSHOT_MAX_PARAMETERS = 100_000;

    private final TrainConfig config;
    private final Dataset data;
    private final ImageSet train;
    private final LearningRateProtocol protocol;
    private final UpdateForm form;

    /** A trainer for {@code config} on {@code data}; refuses a configuration that cannot run on this data. */
    public Trainer(TrainConfig config, Dataset data) {
        check(config, data);
        this.config = config;
        this.data = data;
        this.train = config.trainImages(data);
        this.protocol = config.protocol();
        this.form = config.form();
    }

    /**
     * Refuses a configuration that cannot run on this data, naming the option; what the constructor checks, for a
     * caller that must know before it writes any output.
     */
    public static void check(TrainConfig config, Dataset data) {
        ModelCatalog.requireTrainable(config.model(), config.batch(), ImageSet.CLASSES);
        int[] expected = ModelCatalog.inputShape(config.model());
        ImageSet t = data.train();
        if (t.channels() != expected[0] || t.height() != expected[1] || t.width() != expected[2]) {
            throw new IllegalArgumentException("--model " + config.model() + " expects " + expected[0] + "x"
                    + expected[1] + "x" + expected[2] + " images, but " + config.dataset() + " has "
                    + t.channels() + "x" + t.height() + "x" + t.width());
        }
        if (config.trainSubset() > t.size()) {
            throw new IllegalArgumentException("--train-subset " + config.trainSubset() + " exceeds the "
                    + t.size() + " training images of " + config.dataset());
        }
        int images = config.trainImageCount(data);
        if (config.batch() > images) {
            throw new IllegalArgumentException("--batch " + config.batch() + " exceeds the " + images + " training"
                    + " images of this run (" + config.dataset() + ")");
        }
    }

    public LearningRateProtocol protocol() {
        return protocol;
    }

    public int batchesPerEpoch() {
        return (train.size() + config.batch() - 1) / config.batch();
    }

    /** Iterations per epoch of {@code config} on {@code data}: ceil(training images / batch). */
    public static int batchesPerEpoch(TrainConfig config, Dataset data) {
        return (config.trainImageCount(data) + config.batch() - 1) / config.batch();
    }

    /** The order of the training samples in epoch e: a pure function of (seed, e). */
    public static int[] permutation(long seed, int epoch, int n) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(StepHash.hash(seed ^ 0x5eedL, epoch));
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Runs (or resumes from {@code from}) in {@code run}, writing its metrics and checkpoints there, until
     * {@code stopAfterEpochs} epochs are complete (the configured epochs when that is larger or non-positive).
     */
    public TrainSummary run(RunDirectory run, Checkpoint from, Listener listener, int stopAfterEpochs)
            throws IOException {
        Network net = from != null ? ModelCatalog.withParameters(config.model(), from.params())
                : config.init() != null ? ModelCatalog.withParameters(config.model(),
                        config.init().parameters(config.model(), config.seed()))
                : ModelCatalog.create(config.model(), config.seed());
        long p = net.parameterCount();
        MomentumSgd opt = MomentumSgd.of(form, config.lr(), config.momentum(), config.weightDecay(), p);
        List<IterationRow> iterations = new ArrayList<>();
        List<EpochRow> epochs = new ArrayList<>();
        int startEpoch = 0;
        long iteration = 0;
        if (from != null) {
            opt.restoreState(from.optimizerState());
            iterations.addAll(from.iterations());
            epochs.addAll(from.epochs());
            startEpoch = from.epochsCompleted();
            iteration = from.iteration();
        }
        int lastEpoch = stopAfterEpochs > 0 ? Math.min(stopAfterEpochs, config.epochs()) : config.epochs();
        INDArray grad = Nd4j.create(DataType.FLOAT, p);
        int n = train.size();
        int c = config.batch();
        int nb = batchesPerEpoch();
        int[] idx = new int[c];
        int[] labels = new int[c];
        float[] pixels = new float[c * train.pixelsPerImage()];
        for (int epoch = startEpoch; epoch < lastEpoch; epoch++) {
            long t0 = System.nanoTime();
            int[] perm = permutation(config.seed(), epoch, n);
            for (int b = 0; b < nb; b++) {
                int size = Math.min(c, n - b * c);
                int[] bi = size == c ? idx : new int[size];
                int[] bl = size == c ? labels : new int[size];
                for (int k = 0; k < size; k++) {
                    bi[k] = perm[b * c + k];
                    bl[k] = train.label(bi[k]);
                }
                double loss = net.lossAndGradient(size == c ? train.images(bi, pixels) : train.images(bi), bl, size,
                        grad);
                if (!Double.isFinite(loss)) {
                    throw new DivergedException("non-finite loss " + loss + " at iteration " + iteration + " (epoch "
                            + (epoch + 1) + "); the run stopped, " + (epoch == 0 ? "before any epoch finished: it has"
                            + " no checkpoint and cannot be resumed; start it again with a smaller --lr (now "
                            + config.lr() + ")" : "its checkpoint of epoch " + epoch + " is kept (--resume continues"
                            + " from it; a smaller --lr may be needed, now " + config.lr() + ")"));
                }
                double s = protocol.factor(config.seed(), iteration, epoch, epoch + (double) b / nb);
                double lrTimesS = opt.step(net.params(), grad, s);
                iterations.add(new IterationRow(iteration, epoch + 1, loss, s, lrTimesS, opt.stateSquaredNorm() / p));
                iteration++;
                listener.parameters(iteration, net.params());
                listener.iteration(epoch, b + 1, nb);
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            double[] tr = evaluate(net, train);
            double[] te = evaluate(net, data.test());
            double pn = net.params().norm2Number().doubleValue();
            EpochRow row = new EpochRow(epoch + 1, iteration, tr[0], tr[1], te[0], te[1], pn, trainSeconds,
                    n / trainSeconds, (System.nanoTime() - t0) / 1e9, ProcessMemory.rssMegabytes(),
                    ProcessMemory.peakRssMegabytes());
            epochs.add(row);
            // the checkpoint first: whenever epochs.csv shows epoch E, a checkpoint of E exists to resume from (a
            // kill between the metrics and the checkpoint used to send --resume back to the start)
            Checkpoint ck = new Checkpoint(epoch + 1, iteration, config.seed(), iterations, epochs,
                    net.params().toFloatVector(), opt.state().toFloatVector());
            ck.write(run.resolve(RunFiles.CHECKPOINT));
            if (p <= SNAPSHOT_MAX_PARAMETERS) {
                new Checkpoint(epoch + 1, iteration, config.seed(), List.of(), List.of(), ck.params(),
                        ck.optimizerState()).write(run.resolve(RunFiles.snapshot(epoch + 1)));
            }
            writeMetrics(run, iterations, epochs);
            listener.epoch(row);
        }
        return summary(run, epochs);
    }

    /** The summary of the epochs recorded in {@code c} (a finished run's last checkpoint), for run {@code run}. */
    public TrainSummary summary(RunDirectory run, Checkpoint c) {
        if (c.epochs().isEmpty()) {
            throw new IllegalArgumentException(run.path() + ": the checkpoint records no epoch");
        }
        return summary(run, c.epochs());
    }

    private double[] evaluate(Network net, ImageSet set) {
        return evaluate(net, set, config.evalBatch());
    }

    /** {mean loss (nats/sample), accuracy} of {@code net} over a whole split, in batches of {@code eb}. */
    public static double[] evaluate(Network net, ImageSet set, int eb) {
        double loss = 0;
        double correct = 0;
        for (int start = 0; start < set.size(); start += eb) {
            int size = Math.min(eb, set.size() - start);
            int[] bi = new int[size];
            int[] bl = new int[size];
            for (int k = 0; k < size; k++) {
                bi[k] = start + k;
                bl[k] = set.label(start + k);
            }
            double[] r = net.evaluate(set.images(bi), bl, size);
            loss += r[0];
            correct += r[1];
        }
        return new double[] {loss / set.size(), correct / set.size()};
    }

    private void writeMetrics(RunDirectory run, List<IterationRow> iterations, List<EpochRow> epochs)
            throws IOException {
        IterationRow.table(form, iterations).writeAtomically(run.resolve(RunFiles.ITERATIONS));
        EpochRow.table(epochs).writeAtomically(run.resolve(RunFiles.EPOCHS));
    }

    private TrainSummary summary(RunDirectory run, List<EpochRow> epochs) {
        double best = -1;
        int bestEpoch = 0;
        double seconds = 0;
        double samples = 0;
        for (EpochRow r : epochs) {
            if (r.testAccuracy() > best) {
                best = r.testAccuracy();
                bestEpoch = r.epoch();
            }
            seconds += r.trainSeconds();
            samples += train.size();
        }
        EpochRow last = epochs.get(epochs.size() - 1);
        return new TrainSummary(run.path().toString(), epochs.size(), best, bestEpoch, last.testAccuracy(),
                last.testLoss(), last.trainAccuracy(), last.trainLoss(), samples / seconds);
    }
}
