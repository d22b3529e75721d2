package org.thermosgd.validation.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.thermosgd.run.Json;
import org.thermosgd.run.Provenance;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.run.RunStatus;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.Datasets;
import org.thermosgd.training.train.Checkpoint;
import org.thermosgd.training.train.RunFiles;
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
        Trainer trainer = new Trainer(config, data);
        RunDirectory run = RunDirectory.create(Path.of("runs"), "train-" + config.model() + "-" + config.dataset(),
                dir);
        run.writeConfig(RunFiles.ConfigFile.of(config));
        return execute(run, config, trainer, null, argv, stopAfterEpochs);
    }

    /** Continues an interrupted run from its last checkpoint. */
    public static TrainSummary resume(Path dir, List<String> argv, int stopAfterEpochs) throws IOException {
        RunDirectory run = RunDirectory.open(dir);
        TrainConfig config = RunFiles.config(dir).train();
        if (!RunFiles.hasCheckpoint(dir)) {
            throw new IllegalArgumentException(dir + ": no " + RunFiles.CHECKPOINT + " yet (the run stopped before its"
                    + " first epoch ended); start it again");
        }
        Checkpoint from = RunFiles.latestCheckpoint(dir);
        if (from.epochsCompleted() >= config.epochs()) {
            throw new IllegalArgumentException(dir + ": all " + config.epochs() + " epochs are complete");
        }
        Trainer.useThreads(config.threads());
        Dataset data = Datasets.load(config.dataset(), config.dataPath(), DataHome.fromEnvironment());
        return execute(run, config, new Trainer(config, data), from, argv, stopAfterEpochs);
    }

    /**
     * For reproductions: a COMPLETED run is returned as it is, a run with a checkpoint is resumed, anything else
     * (never started, or killed before its first epoch) is started afresh in {@code dir}.
     */
    public static TrainSummary ensure(Path dir, TrainConfig config, List<String> argv) throws IOException {
        if (Files.exists(dir.resolve(RunDirectory.PROVENANCE))) {
            RunDirectory run = RunDirectory.open(dir);
            if (run.provenance().status() == RunStatus.COMPLETED && Files.exists(dir.resolve(RunFiles.SUMMARY))) {
                return RunFiles.summary(dir);
            }
            if (RunFiles.hasCheckpoint(dir) && RunFiles.latestCheckpoint(dir).epochsCompleted() < config.epochs()) {
                return resume(dir, argv, 0);
            }
        }
        if (Files.exists(dir)) {
            deleteRecursively(dir);
        }
        return start(dir, config, argv, 0);
    }

    /**
     * Trains {@code config} from given weights in {@code dir} (a fresh run directory): the parameters of
     * {@code from}, a fresh optimiser state, iteration 0, data order and factors from {@code seed}.
     */
    public static TrainSummary fromWeights(Path dir, TrainConfig config, Dataset data, float[] params,
                                           List<String> argv) throws IOException {
        Trainer trainer = new Trainer(config, data);
        RunDirectory run = RunDirectory.create(null, "held", dir);
        run.writeConfig(RunFiles.ConfigFile.of(config));
        Checkpoint start = new Checkpoint(0, 0, config.seed(), List.of(), List.of(), params,
                new float[params.length]);
        return run.execute(Provenance.start(RunSupport.sourceDir(), config.threads(), config.seed(), argv),
                () -> trainer.run(run, start, (e, b, nb) -> { }, 0));
    }

    private static TrainSummary execute(RunDirectory run, TrainConfig config, Trainer trainer, Checkpoint from,
                                        List<String> argv, int stopAfterEpochs) throws IOException {
        int remaining = config.epochs() - (from == null ? 0 : from.epochsCompleted());
        return run.execute(Provenance.start(RunSupport.sourceDir(), config.threads(), config.seed(), argv), () -> {
            TrainSummary summary;
            try (Progress progress = Progress.of("train " + config.model(),
                    (long) remaining * trainer.batchesPerEpoch(), "batches")) {
                summary = trainer.run(run, from, (e, b, nb) -> progress.step(1), stopAfterEpochs);
            }
            Json.writeAtomically(run.resolve(RunFiles.SUMMARY), summary);
            RunFigures.training(run.path(), config.protocol().id());
            return summary;
        }, s -> s.epochs() >= config.epochs() ? null : "stopped after epoch " + s.epochs() + " of " + config.epochs());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
