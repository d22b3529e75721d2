package org.thermosgd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
final class TrainingRun {
    private TrainingRun() {
    }

    /** Starts a new run (dir null: runs/<UTC time>-train-...). */
    static TrainSummary start(Path dir, TrainConfig config, List<String> argv, int stopAfterEpochs)
            throws IOException {
        Trainer.useThreads(config.threads());
        Dataset data = Datasets.load(config.dataset(), config.dataPath(), DataHome.fromEnvironment());
        Trainer.check(config, data);
        RunDirectory run = RunDirectory.create(Path.of("runs"), "train-" + config.model() + "-" + config.dataset(),
                dir);
        Trainer trainer = new Trainer(config, data, run);
        run.writeConfig(new TrainCommand.ConfigFile(config, trainer.protocol().convention(),
                trainer.protocol().meanFactor(), TrainCommand.conventions(config)));
        return execute(run, config, trainer, null, argv, stopAfterEpochs);
    }

    /** Continues an interrupted run from its last checkpoint. */
    static TrainSummary resume(Path dir, List<String> argv, int stopAfterEpochs) throws IOException {
        RunDirectory run = RunDirectory.open(dir);
        TrainConfig config = Json.read(dir.resolve(RunDirectory.CONFIG), TrainCommand.ConfigFile.class).train();
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
    static TrainSummary ensure(Path dir, TrainConfig config, List<String> argv) throws IOException {
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
        run.start(Provenance.start(Thermosgd.sourceDir(), config.threads(), config.seed(), argv));
        TrainSummary summary;
        int remaining = config.epochs() - (from == null ? 0 : from.epochsCompleted());
        try (Progress progress = Progress.of("train " + config.model(),
                (long) remaining * trainer.batchesPerEpoch(), "batches")) {
            summary = trainer.run(from, (e, b, nb) -> progress.step(1), stopAfterEpochs);
        } catch (RuntimeException | IOException e) {
            run.finish(RunStatus.FAILED, Thermosgd.oneLine(e));
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
}
