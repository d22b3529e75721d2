package org.thermosgd.training.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.FolderLock;
import org.thermosgd.run.Json;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.training.data.Sha256;
import org.thermosgd.training.model.ModelCatalog;

/**
 * The one place that knows a training run's files: {@code config.json} ({@link ConfigFile}), {@code iterations.csv},
 * {@code epochs.csv}, {@code summary.json}, {@code checkpoint.bin} (the latest epoch) and, for networks up to
 * {@link Trainer#SNAPSHOT_MAX_PARAMETERS} parameters, {@code checkpoints/epoch-E.bin} after every epoch.
 */
public final class RunFiles {
    public static final String ITERATIONS = "iterations.csv";
    public static final String EPOCHS = "epochs.csv";
    public static final String SUMMARY = RunDirectory.SUMMARY;
    public static final String CHECKPOINT = "checkpoint.bin";
    public static final String SNAPSHOTS = "checkpoints";
    /** The figures a training run draws in {@code figures/} (each as .png, .svg, .pdf, .csv and .figure.json). */
    public static final String LOSS_FIGURE = "loss";
    public static final String ACCURACY_FIGURE = "accuracy";
    public static final String MINIBATCH_LOSS_FIGURE = "minibatch-loss";
    static final List<String> FIGURES = List.of(LOSS_FIGURE, ACCURACY_FIGURE, MINIBATCH_LOSS_FIGURE);

    private RunFiles() {
    }

    /** Relative path of the parameter snapshot after epoch e. */
    public static String snapshot(int epoch) {
        return SNAPSHOTS + "/epoch-" + epoch + ".bin";
    }

    /** config.json of a training run: the configuration and what its numbers mean. */
    public record ConfigFile(TrainConfig train, String protocolConvention, double meanFactor,
                             Map<String, String> conventions) {
        public static ConfigFile of(TrainConfig c) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("form", c.form().id() + ": see docs/theory.md for the update equations");
            m.put("weightDecay", "coupled as in PyTorch: g += weight_decay * x before the update");
            m.put("loss", "softmax cross-entropy, mean over the mini-batch, nats per sample");
            m.put("dataOrder", "epoch e visits the training images in a permutation that is a pure function of (seed,"
                    + " e); the last batch of an epoch may be smaller");
            m.put(ITERATIONS, "per iteration: mini-batch loss, factor s, lr * s, and the mean square of the"
                    + " velocity (paper forms) or momentum buffer (torch forms) per parameter, |v|^2 / P, in gradient"
                    + " units squared");
            String seeded = "PyTorch's default law for each layer (uniform, bound 1/sqrt(fan_in)), seeded from the"
                    + " run seed";
            TrainConfig.InitialWeights w = c.init();
            m.put("initialisation", w == null ? seeded : "the " + w.loaded().size() + " tensors of " + w.file()
                    + " (SHA-256 " + w.sha256() + ", float32, PyTorch state-dict names)" + (w.seeded().isEmpty() ? ""
                    : "; " + w.seeded() + " not from the file but " + seeded + (c.model().equals("vgg16")
                    ? " (torchvision's 25088-4096-4096-1000 classifier replaced by Model 3's Linear(512, 10))" : "")));
            return new ConfigFile(c, c.protocol().convention(), c.protocol().meanFactor(), m);
        }
    }

    /** A run's own copy of its network specification (runs of a user's FILE.json model). */
    public static final String MODEL_SPEC = "model.json";

    /**
     * For a model given as a specification file: copies the specification into the run folder ({@link #MODEL_SPEC},
     * every size written out) and returns the configuration naming that copy, so the run never depends on the
     * user's file again; other models are returned unchanged.
     */
    public static TrainConfig withOwnSpecification(Path run, TrainConfig c) throws IOException {
        if (!ModelCatalog.isFile(c.model())) {
            return c;
        }
        Path own = run.resolve(MODEL_SPEC).toAbsolutePath();
        AtomicFiles.writeString(own, ModelCatalog.spec(c.model()).toJson());
        return c.withModel(own.toString());
    }

    /**
     * The model as results meant for sharing name it: a built-in name, or {@link #MODEL_SPEC} (the run's own copy)
     * for a specification file, never a machine path.
     */
    public static String sharedModelName(TrainConfig c) {
        return ModelCatalog.isFile(c.model()) ? MODEL_SPEC : c.model();
    }

    /** The field of config.json holding the SHA-256 of the run's own {@link #MODEL_SPEC}. */
    public static final String MODEL_SHA256 = "modelSha256";

    /**
     * Writes config.json for {@code c}. A run of a specification file names its own copy by the relative name
     * {@link #MODEL_SPEC} with the copy's SHA-256 ({@link #MODEL_SHA256}), never a machine path.
     */
    public static void writeConfig(RunDirectory run, TrainConfig c) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode tree = Json.mapper().valueToTree(ConfigFile.of(c));
        if (ModelCatalog.isFile(c.model())) {
            Path own = run.resolve(MODEL_SPEC);
            if (!Files.isRegularFile(own)) {
                throw new IllegalStateException(run.path() + ": " + MODEL_SPEC + " must be written before "
                        + RunDirectory.CONFIG);
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("train")).put("model", MODEL_SPEC);
            tree.put(MODEL_SHA256, Sha256.of(own));
        }
        Json.writeAtomically(run.resolve(RunDirectory.CONFIG), tree);
    }

    /**
     * A training run's config.json. A run of a specification file always uses its own copy {@link #MODEL_SPEC} in
     * {@code run}, whatever path the file records (older runs recorded an absolute one), checked against the
     * recorded SHA-256 where there is one; a missing or changed copy is refused.
     */
    public static ConfigFile config(Path run) throws IOException {
        Path file = run.resolve(RunDirectory.CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(run + " is not a training run: " + RunDirectory.CONFIG + " is missing");
        }
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = Json.mapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Json.read(file, ConfigFile.class);
        }
        com.fasterxml.jackson.databind.JsonNode train = tree == null ? null : tree.path("train");
        if (train != null && train.isObject() && ModelCatalog.isFile(train.path("model").asText())) {
            Path own = run.resolve(MODEL_SPEC);
            if (!Files.isRegularFile(own)) {
                throw new IllegalArgumentException(file + ": the run trained the specification file "
                        + train.path("model").asText() + " but its own copy " + own + " is missing; a run only"
                        + " trains its own copy");
            }
            String recorded = tree.path(MODEL_SHA256).asText("");
            if (!recorded.isEmpty()) {
                String now = Sha256.of(own);
                if (!now.equals(recorded)) {
                    throw new IllegalArgumentException(own + ": changed since the run recorded it (SHA-256 "
                            + recorded + " in " + RunDirectory.CONFIG + ", now " + now + "); restore it or start a"
                            + " new run");
                }
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) train).put("model", own.toAbsolutePath().toString());
            ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove(MODEL_SHA256);
            return Json.convert(file, tree, ConfigFile.class);
        }
        return Json.read(file, ConfigFile.class);
    }

    /** The files and folders a training run writes in its folder (besides the lock and temporary files). */
    private static final java.util.Set<String> OWN = java.util.Set.of(RunDirectory.CONFIG, RunDirectory.PROVENANCE,
            MODEL_SPEC, ITERATIONS, EPOCHS, SUMMARY, CHECKPOINT, SNAPSHOTS, RunDirectory.FIGURES);

    /**
     * Empties a training run's folder that is to be trained afresh, by a process holding its lock: removes the files
     * a training run writes ({@code checkpoints/epoch-E.bin}, figures, temporary files included) and keeps the lock.
     * Anything else (a user's file, an analysis folder) is never removed: the folder is refused, naming it.
     */
    public static void removeOwnFiles(Path run) throws IOException {
        if (!Files.isDirectory(run)) {
            return;
        }
        java.util.regex.Pattern temporary = java.util.regex.Pattern.compile("^\\..+\\.\\d+\\.(tmp|png)$");
        java.util.regex.Pattern snapshot = java.util.regex.Pattern.compile("epoch-\\d+\\.bin");
        java.util.regex.Pattern figure = java.util.regex.Pattern.compile("(" + String.join("|", FIGURES)
                + ")\\.(figure\\.json|png|svg|pdf|csv)");
        List<Path> remove = new ArrayList<>();
        try (var entries = Files.list(run)) {
            for (Path e : entries.sorted().toList()) {
                String name = e.getFileName().toString();
                if (name.equals(FolderLock.FILE)) {
                    continue;
                }
                boolean own = OWN.contains(name) || temporary.matcher(name).matches();
                if (own && (name.equals(SNAPSHOTS) || name.equals(RunDirectory.FIGURES))) {
                    own = Files.isDirectory(e, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (own) {
                        try (var inside = Files.list(e)) {
                            for (Path f : inside.toList()) {
                                String n = f.getFileName().toString();
                                boolean ownName = temporary.matcher(n).matches() || (name.equals(SNAPSHOTS)
                                        ? snapshot.matcher(n).matches() : figure.matcher(n).matches());
                                if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !ownName) {
                                    throw notOwn(run, f);
                                }
                                remove.add(f);
                            }
                        }
                    }
                } else if (own) {
                    own = Files.isRegularFile(e, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
                if (!own) {
                    throw notOwn(run, e);
                }
                remove.add(e);
            }
        }
        for (Path p : remove) {
            Files.delete(p);
        }
    }

    private static IllegalArgumentException notOwn(Path run, Path entry) {
        return new IllegalArgumentException(run + " is to be trained afresh but holds " + run.relativize(entry)
                + ", which is not a file of a training run; nothing was removed: move it away, or remove the folder"
                + " yourself");
    }

    public static CsvTable epochs(Path run) throws IOException {
        return CsvTable.read(run.resolve(EPOCHS));
    }

    public static CsvTable iterations(Path run) throws IOException {
        return CsvTable.read(run.resolve(ITERATIONS));
    }

    public static TrainSummary summary(Path run) throws IOException {
        return Json.read(run.resolve(SUMMARY), TrainSummary.class);
    }

    public static boolean hasCheckpoint(Path run) {
        return Files.exists(run.resolve(CHECKPOINT));
    }

    /** The latest checkpoint; a one-line error when the run never finished an epoch. */
    public static Checkpoint latestCheckpoint(Path run) throws IOException {
        Path ck = run.resolve(CHECKPOINT);
        if (!Files.exists(ck)) {
            throw new IllegalArgumentException(run + ": no " + CHECKPOINT + " (the run never finished an epoch)");
        }
        return Checkpoint.read(ck);
    }

    /**
     * The checkpoint after {@code epoch} (null: the latest); the error names {@code option} (the command-line option
     * that chose the epoch) and lists what exists.
     */
    public static Checkpoint checkpoint(Path run, Integer epoch, String option) throws IOException {
        if (epoch != null && Files.exists(run.resolve(snapshot(epoch)))) {
            return Checkpoint.read(run.resolve(snapshot(epoch)));
        }
        Checkpoint latest = latestCheckpoint(run);
        if (epoch == null || epoch == latest.epochsCompleted()) {
            return latest;
        }
        throw new IllegalArgumentException(run + ": " + option + " " + epoch + " does not exist; available: the"
                + " latest (epoch " + latest.epochsCompleted() + ")" + (Files.isDirectory(run.resolve(SNAPSHOTS))
                ? " and the snapshots in " + run.resolve(SNAPSHOTS) : ""));
    }

    /**
     * The newest intact per-epoch snapshot of a run whose latest checkpoint is damaged, as a checkpoint to resume
     * from: its parameters, optimiser state and counters, with the metric rows of {@code iterations.csv} and
     * {@code epochs.csv} up to its epoch (the CSVs are written before each checkpoint, so they hold those rows).
     * Damaged snapshots are skipped; the error says when none is intact.
     */
    public static Checkpoint newestIntactSnapshot(Path run) throws IOException {
        Path dir = run.resolve(SNAPSHOTS);
        List<Integer> epochs = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("epoch-(\\d+)\\.bin")
                            .matcher(f.getFileName().toString());
                    if (m.matches()) {
                        epochs.add(Integer.parseInt(m.group(1)));
                    }
                }
            }
        }
        epochs.sort(java.util.Comparator.reverseOrder());
        for (int e : epochs) {
            Checkpoint snap;
            try {
                snap = Checkpoint.read(run.resolve(snapshot(e)));
            } catch (IOException damaged) {
                continue;
            }
            return new Checkpoint(snap.epochsCompleted(), snap.iteration(), snap.seed(),
                    IterationRow.read(iterations(run), snap.epochsCompleted()),
                    EpochRow.read(epochs(run), snap.epochsCompleted()), snap.params(),
                    snap.optimizerState());
        }
        throw new IllegalArgumentException(run + ": no intact epoch snapshot in " + dir + " to resume from (snapshots"
                + " are kept for networks up to " + Trainer.SNAPSHOT_MAX_PARAMETERS + " parameters)");
    }

    /**
     * Why a run that says it finished cannot be trusted, or null when its files agree with each other: epochs.csv
     * has the configured number of epochs, summary.json matches its last row, and checkpoint.bin is intact (its
     * SHA-256) and at that epoch.
     */
    public static String damage(Path run, TrainConfig config) {
        try {
            return damage(run, config, epochs(run));
        } catch (IOException | RuntimeException e) {
            return RunDirectory.oneLine(e);
        }
    }

    /** {@link #damage(Path, TrainConfig)} with the run's epochs.csv already read. */
    public static String damage(Path run, TrainConfig config, CsvTable e) {
        try {
            if (e.rowCount() != config.epochs()) {
                return EPOCHS + " has " + e.rowCount() + " epochs, the run was configured for " + config.epochs();
            }
            TrainSummary s = summary(run);
            int last = e.rowCount() - 1;
            if (s.epochs() != e.rowCount() || s.finalTestAccuracy() != e.number(last, "test_accuracy")
                    || s.finalTrainLoss() != e.number(last, "train_loss")) {
                return SUMMARY + " does not match the last row of " + EPOCHS;
            }
            Checkpoint c = latestCheckpoint(run);
            if (c.epochsCompleted() != config.epochs()) {
                return CHECKPOINT + " is at epoch " + c.epochsCompleted() + ", not " + config.epochs();
            }
            return null;
        } catch (IOException | RuntimeException x) {
            return RunDirectory.oneLine(x);
        }
    }
}
