package org.thermosgd.validation.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thermosgd.run.Json;
import org.thermosgd.run.Provenance;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.run.RunStatus;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.Datasets;
import org.thermosgd.training.train.Checkpoint;
import org.thermosgd.training.train.TrainConfig;
import org.thermosgd.training.train.TrainSummary;
import org.thermosgd.training.train.Trainer;

/** One training run in its run directory: started, resumed from its checkpoint, or recognised as finished. */
public final class TrainingRun {
    private TrainingRun() {
    }

    /** Starts a new run (dir null: runs/<UTC time>-train-...). */
    public static TrainSummary start(Path dir, TrainConfig config, List<String> argv, int stopAfterEpochs)
            throws IOException {
        Trainer.useThreads(config.threads());
        Dataset data = Datasets.load(config.dataset(), config.dataPath(), DataHome.fromEnvironment());
        Trainer.check(config, data);
        RunDirectory run = RunDirectory.create(Path.of("runs"), "train-" + config.model() + "-" + config.dataset(),
                dir);
        Trainer trainer = new Trainer(config, data, run);
        run.writeConfig(new ConfigFile(config, trainer.protocol().convention(),
                trainer.protocol().meanFactor(), conventions(config)));
        return execute(run, config, trainer, null, argv, stopAfterEpochs);
    }

    /** Continues an interrupted run from its last checkpoint. */
    public static TrainSummary resume(Path dir, List<String> argv, int stopAfterEpochs) throws IOException {
        RunDirectory run = RunDirectory.open(dir);
        TrainConfig config = Json.read(dir.resolve(RunDirectory.CONFIG), ConfigFile.class).train();
        Path ck = dir.resolve(Checkpoint.FILE);
        if (!Files.exists(ck)) {
            throw new IllegalArgumentException(dir + ": no " + Checkpoint.FILE + " yet (the run stopped before its"
                    + " first epoch ended); start it again");
        }
        Checkpoint from = Checkpoint.read(ck);
        if (from.epochsCompleted() >= config.epochs()) {
            throw new IllegalArgumentException(dir + ": all " + config.epochs() + " epochs are complete");
        }
        Trainer.useThreads(config.threads());
        Dataset data = Datasets.load(config.dataset(), config.dataPath(), DataHome.fromEnvironment());
        return execute(run, config, new Trainer(config, data, run), from, argv, stopAfterEpochs);
    }

    /**
     * For reproductions: a COMPLETED run is returned as it is, a run with a checkpoint is resumed, anything else
     * (never started, or killed before its first epoch) is started afresh in {@code dir}.
     */
    public static TrainSummary ensure(Path dir, TrainConfig config, List<String> argv) throws IOException {
        if (Files.exists(dir.resolve(RunDirectory.PROVENANCE))) {
            RunDirectory run = RunDirectory.open(dir);
            if (run.provenance().status() == RunStatus.COMPLETED && Files.exists(dir.resolve("summary.json"))) {
                return Json.read(dir.resolve("summary.json"), TrainSummary.class);
            }
            if (Files.exists(dir.resolve(Checkpoint.FILE))) {
                Checkpoint ck = Checkpoint.read(dir.resolve(Checkpoint.FILE));
                if (ck.epochsCompleted() < config.epochs()) {
                    return resume(dir, argv, 0);
                }
            }
        }
        if (Files.exists(dir)) {
            deleteRecursively(dir);
        }
        return start(dir, config, argv, 0);
    }

    private static TrainSummary execute(RunDirectory run, TrainConfig config, Trainer trainer, Checkpoint from,
                                        List<String> argv, int stopAfterEpochs) throws IOException {
        run.start(Provenance.start(RunSupport.sourceDir(), config.threads(), config.seed(), argv));
        TrainSummary summary;
        int remaining = config.epochs() - (from == null ? 0 : from.epochsCompleted());
        try (Progress progress = Progress.of("train " + config.model(),
                (long) remaining * trainer.batchesPerEpoch(), "batches")) {
            summary = trainer.run(from, (e, b, nb) -> progress.step(1), stopAfterEpochs);
        } catch (RuntimeException | IOException e) {
            run.finish(RunStatus.FAILED, RunSupport.oneLine(e));
            throw e;
        }
        boolean complete = summary.epochs() >= config.epochs();
        Json.writeAtomically(run.resolve("summary.json"), summary);
        RunFigures.training(run.path(), config.protocol());
        run.finish(complete ? RunStatus.COMPLETED : RunStatus.INTERRUPTED,
                complete ? null : "stopped after epoch " + summary.epochs() + " of " + config.epochs());
        return summary;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Conventions written into a training run's config.json. */
    public static Map<String, String> conventions(TrainConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("form", c.form() + ": see docs/theory.md for the update equations");
        m.put("weightDecay", "coupled as in PyTorch: g += weight_decay * x before the update");
        m.put("loss", "softmax cross-entropy, mean over the mini-batch, nats per sample");
        m.put("dataOrder", "epoch e visits the training images in a permutation that is a pure function of (seed, e);"
                + " the last batch of an epoch may be smaller");
        m.put("iterations.csv", "per iteration: mini-batch loss, factor s, lr * s, and the mean square of the"
                + " velocity (paper forms) or momentum buffer (torch forms) per parameter, |v|^2 / P, in gradient"
                + " units squared");
        m.put("initialisation", "PyTorch's default law for each layer (uniform, bound 1/sqrt(fan_in)), seeded from"
                + " the run seed");
        return m;
    }

    /** config.json of a training run. */
    public record ConfigFile(TrainConfig train, String protocolConvention, double meanFactor,
                             Map<String, String> conventions) {
    }
}
