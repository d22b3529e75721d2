package org.thermosgd.validation.reproduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.run.RunStatus;
import org.thermosgd.training.train.RunFiles;

/**
 * Which runs of a reproduction are finished: a run counts as finished when its provenance says COMPLETED and its
 * files agree ({@link RunFiles#damage}); the others are absent, running, interrupted, failed or damaged.
 */
public final class RunStatuses {
    private RunStatuses() {
    }

    /** {@link #finished(Path, Experiments.Manifest, List, Set)} without the set of finished runs. */
    public static Map<String, Map<String, List<CsvTable>>> finished(Path dir, Experiments.Manifest m,
            List<String> missing) throws IOException {
        return finished(dir, m, missing, new HashSet<>());
    }

    /**
     * Finished runs' epoch tables by panel, then group, in manifest order; their ids go to {@code done}. A run counts
     * as finished when it says COMPLETED and its files agree ({@link RunFiles#damage}); the others go to
     * {@code missing} (a damaged one as "id (damaged: why)").
     */
    public static Map<String, Map<String, List<CsvTable>>> finished(Path dir, Experiments.Manifest m,
            List<String> missing, Set<String> done) throws IOException {
        Map<String, Map<String, List<CsvTable>>> panels = new LinkedHashMap<>();
        for (Experiments.Run r : m.runs()) {
            Path rd = Manifests.runDir(dir, r);
            if (!Files.exists(rd.resolve(RunDirectory.PROVENANCE))) {
                missing.add(r.id());
                continue;
            }
            RunStatus status;
            try {
                status = RunDirectory.open(rd).provenance().status();
            } catch (IOException unreadable) {
                missing.add(r.id() + " (damaged: " + RunDirectory.oneLine(unreadable) + ")");
                continue;
            }
            if (status != RunStatus.COMPLETED) {
                missing.add(r.id());
                continue;
            }
            CsvTable epochs;
            String damage;
            try {
                epochs = RunFiles.epochs(rd);
                damage = RunFiles.damage(rd, r.train(), epochs);
            } catch (IOException unreadable) {
                epochs = null;
                damage = RunDirectory.oneLine(unreadable);
            }
            if (damage != null) {
                missing.add(r.id() + " (damaged: " + damage + ")");
                continue;
            }
            done.add(r.id());
            panels.computeIfAbsent(r.panel(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(r.group(), g -> new ArrayList<>()).add(epochs);
        }
        return panels;
    }

    /**
     * Indices in the manifest of the runs that are not finished as {@link #finished} decides (absent, running,
     * interrupted, failed or damaged), ascending; their ids go to {@code ids}.
     */
    public static List<Integer> unfinishedIndices(Path dir, Experiments.Manifest m, List<String> ids)
            throws IOException {
        Set<String> done = new HashSet<>();
        finished(dir, m, new ArrayList<>(), done);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < m.runs().size(); i++) {
            if (!done.contains(m.runs().get(i).id())) {
                out.add(i);
                ids.add(m.runs().get(i).id());
            }
        }
        return out;
    }
}
