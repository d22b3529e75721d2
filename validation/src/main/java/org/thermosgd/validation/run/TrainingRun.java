package org.thermosgd.validation.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.FaultPoint;
import org.thermosgd.run.FolderLock;
import org.thermosgd.run.Json;
import org.thermosgd.run.Provenance;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.run.RunStatus;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.Datasets;
import org.thermosgd.training.engine.NativeThreads;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.train.Checkpoint;
import org.thermosgd.training.train.EpochRow;
import org.thermosgd.training.train.RunFiles;
import org.thermosgd.training.train.TrainConfig;
import org.thermosgd.training.train.TrainSummary;
import org.thermosgd.training.train.Trainer;

/** One training run in its run directory: started, resumed from its checkpoint, or recognised as finished. */
public final class TrainingRun {
    private TrainingRun() {
    }

    /** The model's name for a folder: a specification file's name without its directory and extension. */
    static String modelLabel(String model) {
        return ModelCatalog.isFile(model) ? Path.of(model).getFileName().toString().replaceFirst("\\.json$", "")
                : model;
    }

    /** A resumed run: the configuration its config.json records, read once, and its summary. */
    public record Resumed(TrainConfig config, TrainSummary summary) {
    }

    /** Starts a new run (dir null: runs/<UTC time>-train-...). */
    public static TrainSummary start(Path dir, TrainConfig config, List<String> argv, int stopAfterEpochs)
            throws IOException {
        Dataset data = threadsAndData(config);
        Trainer.check(config, data);
        RunDirectory run = RunDirectory.create(Path.of("runs"), "train-" + modelLabel(config.model()) + "-"
                + config.dataset(), dir);
        try (FolderLock lock = FolderLock.acquire(run.path())) {
            return startLocked(run, config, data, argv, stopAfterEpochs);
        }
    }

    /** A new run in {@code run}, whose lock this process holds: its own specification, config.json, training. */
    private static TrainSummary startLocked(RunDirectory run, TrainConfig config, Dataset data, List<String> argv,
                                            int stopAfterEpochs) throws IOException {
        TrainConfig own = RunFiles.withOwnSpecification(run.path(), config);
        Trainer trainer = new Trainer(own, data);
        RunFiles.writeConfig(run, own);
        return executeLocked(run, own, trainer, null, argv, stopAfterEpochs, own.epochs());
    }

    /**
     * Continues an interrupted run: from its last checkpoint; from its recorded configuration and seed when it was
     * killed before its first epoch ended; or, when every epoch is done, by finishing what the end of a run owes
     * (summary, figures, status COMPLETED). Temporary files a kill left behind are removed first.
     */
    public static Resumed resume(Path dir, List<String> argv, int stopAfterEpochs) throws IOException {
        return resume(dir, argv, stopAfterEpochs, false);
    }

    /**
     * {@link #resume(Path, List, int)}; with {@code fromSnapshot}, a damaged latest checkpoint is replaced by the
     * newest intact epoch snapshot (the epochs after it are trained again, identically). The folder's lock is taken
     * before anything in it is read.
     */
    public static Resumed resume(Path dir, List<String> argv, int stopAfterEpochs, boolean fromSnapshot)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a run directory: " + (Files.exists(dir)
                    ? "it is a file" : "no such folder"));
        }
        try (FolderLock lock = FolderLock.acquire(dir)) {
            return resumeLocked(dir, argv, stopAfterEpochs, fromSnapshot);
        }
    }

    private static Resumed resumeLocked(Path dir, List<String> argv, int stopAfterEpochs, boolean fromSnapshot)
            throws IOException {
        RunDirectory run = RunDirectory.open(dir);
        TrainConfig config = RunFiles.config(dir).train();
        AtomicFiles.removeStaleTemporaries(dir);
        Checkpoint start = resumePoint(dir, fromSnapshot);
        Dataset data = threadsAndData(config);
        Trainer trainer = new Trainer(config, data);
        if (start != null && start.epochsCompleted() >= config.epochs()) {
            return new Resumed(config, run.execute(Provenance.start(RunSupport.sourceDir(), config.threads(),
                    config.seed(), argv), () -> finish(run, config, trainer.summary(run, start))));
        }
        return new Resumed(config, executeLocked(run, config, trainer, start, argv, stopAfterEpochs,
                config.epochs() - (start == null ? 0 : start.epochsCompleted())));
    }

    /**
     * Where a run resumes: its latest checkpoint, null when it has none, or (with {@code fromSnapshot}) the newest
     * intact epoch snapshot when the checkpoint is damaged.
     */
    private static Checkpoint resumePoint(Path dir, boolean fromSnapshot) throws IOException {
        if (!RunFiles.hasCheckpoint(dir)) {
            return null;
        }
        try {
            return RunFiles.latestCheckpoint(dir);
        } catch (IOException damaged) {
            if (!fromSnapshot) {
                throw new IOException(RunDirectory.oneLine(damaged) + "; to resume from the newest intact epoch"
                        + " snapshot: thermosgd train --resume " + dir + " --from-snapshot");
            }
            return RunFiles.newestIntactSnapshot(dir);
        }
    }

    /**
     * For reproductions: takes the folder's lock first (a folder another process holds is refused with
     * {@link FolderLock.Held}, naming the holder), then: a COMPLETED run whose files agree is returned as it is, an
     * unfinished run with an intact checkpoint is resumed, and a run of this configuration that cannot be continued
     * (killed before its first epoch, failed, damaged) has its own files removed and is trained afresh. Files that
     * are not a training run's are never removed: such a folder is refused.
     */
    public static TrainSummary ensure(Path dir, TrainConfig config, List<String> argv) throws IOException {
        try (FolderLock lock = FolderLock.acquire(dir)) {
            if (Files.exists(dir.resolve(RunDirectory.PROVENANCE))) {
                RunDirectory run = null;
                try {
                    run = RunDirectory.open(dir);
                } catch (IOException damagedProvenance) {
                    // an unreadable provenance: the run cannot be trusted and is trained again below
                }
                if (run != null && run.provenance().status() == RunStatus.COMPLETED
                        && RunFiles.damage(dir, config) == null) {
                    return RunFiles.summary(dir);
                }
                if (run != null && run.provenance().status() != RunStatus.COMPLETED
                        && RunFiles.hasCheckpoint(dir) && intact(dir)) {
                    return resumeLocked(dir, argv, 0, false).summary();
                }
            }
            // everything a fresh start needs is checked before a file of the old run is removed
            Dataset data = threadsAndData(config);
            Trainer.check(config, data);
            RunFiles.removeOwnFiles(dir);
            return startLocked(RunDirectory.create(null, "run", dir), config, data, argv, 0);
        }
    }

    /** The process set to the run's native threads, and the run's data set loaded. */
    private static Dataset threadsAndData(TrainConfig config) throws IOException {
        NativeThreads.use(config.threads());
        return Datasets.load(config.dataset(), config.dataPath(), DataHome.fromEnvironment());
    }

    /** Whether the run's latest checkpoint reads back with its checksum (a damaged one is trained again). */
    private static boolean intact(Path dir) {
        try {
            RunFiles.latestCheckpoint(dir);
            return true;
        } catch (IOException damaged) {
            return false;
        }
    }

    /**
     * Trains {@code config} from given weights in {@code dir} (a fresh run directory): the parameters of
     * {@code from}, a fresh optimiser state, iteration 0, data order and factors from {@code seed}.
     */
    public static TrainSummary fromWeights(Path dir, TrainConfig config, Dataset data, float[] params,
                                           List<String> argv) throws IOException {
        return fromWeights(dir, config, data, params, argv, (e, b, nb) -> { });
    }

    /** {@link #fromWeights(Path, TrainConfig, Dataset, float[], List)}, telling {@code listener} every step. */
    public static TrainSummary fromWeights(Path dir, TrainConfig config, Dataset data, float[] params,
                                           List<String> argv, Trainer.Listener listener) throws IOException {
        RunDirectory run = RunDirectory.create(null, "held", dir);
        try (FolderLock lock = FolderLock.acquire(run.path())) {
            TrainConfig own = RunFiles.withOwnSpecification(run.path(), config);
            Trainer trainer = new Trainer(own, data);
            RunFiles.writeConfig(run, own);
            Checkpoint start = new Checkpoint(0, 0, own.seed(), List.of(), List.of(), params,
                    new float[params.length]);
            return run.execute(Provenance.start(RunSupport.sourceDir(), own.threads(), own.seed(), argv),
                    () -> trainer.run(run, start, listener, 0));
        }
    }

    private static TrainSummary executeLocked(RunDirectory run, TrainConfig config, Trainer trainer, Checkpoint from,
                                              List<String> argv, int stopAfterEpochs, int remaining)
            throws IOException {
        return run.execute(Provenance.start(RunSupport.sourceDir(), config.threads(), config.seed(), argv), () -> {
            TrainSummary summary;
            String name = run.path().getFileName().toString();
            try (Progress progress = Progress.of(name, (long) remaining * trainer.batchesPerEpoch(), "batches")) {
                summary = trainer.run(run, from, new Trainer.Listener() {
                    @Override
                    public void iteration(int epoch, int batchInEpoch, int batchesPerEpoch) {
                        progress.step(1);
                    }

                    @Override
                    public void epoch(EpochRow row) {
                        progress.note(String.format("%s: epoch %d of %d, train loss %.4f nats/sample, test accuracy"
                                + " %.4f, %.1f s", name, row.epoch(), config.epochs(), row.trainLoss(),
                                row.testAccuracy(), row.wallSeconds()));
                    }
                }, stopAfterEpochs);
            }
            return finish(run, config, summary);
        }, s -> s.epochs() >= config.epochs() ? null : "stopped after epoch " + s.epochs() + " of " + config.epochs());
    }

    /** What the end of a run writes: summary.json and the training figures. */
    private static TrainSummary finish(RunDirectory run, TrainConfig config, TrainSummary summary) throws IOException {
        Json.writeAtomically(run.resolve(RunFiles.SUMMARY), summary);
        FaultPoint.reach("final-figures");
        RunFigures.training(run.path(), config.protocol().id());
        return summary;
    }
}
