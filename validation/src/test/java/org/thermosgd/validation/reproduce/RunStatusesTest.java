package org.thermosgd.validation.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Json;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.validation.run.TrainingRun;

/**
 * Which runs of a reproduction count as finished: of five runs, one COMPLETED, one RUNNING, one COMPLETED whose
 * epochs.csv was cut, one whose provenance.json is not JSON and one absent, only the first.
 */
class RunStatusesTest {
    @TempDir
    Path tmp;

    static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }

    @Test
    void completedRunningDamagedAndAbsentRuns() throws Exception {
        Experiments.Manifest m = Experiments.shrink(Experiments.plan("fig1", "quick", 1, null, null,
                DataHome.fromEnvironment()), 1, 300);
        List<Experiments.Run> r = m.runs();
        assertEquals(5, r.size());
        Path done = Manifests.runDir(tmp, r.get(0));
        TrainingRun.ensure(done, r.get(0).train(), List.of("thermosgd", "test"));
        Path running = Manifests.runDir(tmp, r.get(1));
        copy(done, running);
        ObjectNode prov = (ObjectNode) Json.mapper().readTree(running.resolve("provenance.json").toFile());
        prov.put("status", "RUNNING");
        Json.writeAtomically(running.resolve("provenance.json"), prov);
        Path cut = Manifests.runDir(tmp, r.get(2));
        copy(done, cut);
        List<String> lines = Files.readAllLines(cut.resolve("epochs.csv"));
        Files.write(cut.resolve("epochs.csv"), lines.subList(0, lines.size() - 1));
        Path garbled = Manifests.runDir(tmp, r.get(3));
        Files.createDirectories(garbled);
        Files.writeString(garbled.resolve("provenance.json"), "{not json");

        List<String> missing = new ArrayList<>();
        Set<String> finished = new HashSet<>();
        Map<String, Map<String, List<CsvTable>>> panels = RunStatuses.finished(tmp, m, missing, finished);
        assertEquals(Set.of(r.get(0).id()), finished);
        assertEquals(List.of(""), List.copyOf(panels.keySet()));
        assertEquals(List.of(r.get(0).group()), List.copyOf(panels.get("").keySet()));
        assertEquals(1, panels.get("").get(r.get(0).group()).get(0).rowCount());
        assertEquals(5 - 1, missing.size(), missing.toString());
        assertEquals(r.get(1).id(), missing.get(0));
        assertEquals(r.get(2).id() + " (damaged: epochs.csv has 0 epochs, the run was configured for 1)",
                missing.get(1));
        assertTrue(missing.get(2).startsWith(r.get(3).id() + " (damaged: ") && missing.get(2).lines().count() == 1,
                missing.get(2));
        assertEquals(r.get(4).id(), missing.get(3));

        List<String> ids = new ArrayList<>();
        assertEquals(List.of(1, 2, 3, 4), RunStatuses.unfinishedIndices(tmp, m, ids));
        assertEquals(List.of(r.get(1).id(), r.get(2).id(), r.get(3).id(), r.get(4).id()), ids);
    }
}
