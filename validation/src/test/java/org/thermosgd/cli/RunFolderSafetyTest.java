package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.FolderLock;
import org.thermosgd.run.Json;

/**
 * Issue 22's cases that lose files or give wrong verdicts: a run id that leaves the reproduction, a run folder held by
 * another process, a verdict from half a reproduction, a moved run that would train another network, a checkpoint
 * whose checksum was switched off.
 */
@Tag("slow")
class RunFolderSafetyTest {
    @TempDir
    Path tmp;

    /** fig1 planned with tiny runs (1 epoch on 600 images): five Model 1 runs of a second or so each. */
    private Path plannedFig1() {
        Path out = tmp.resolve("fig1");
        CommandLineHarness.ok("reproduce", "fig1", "--scale", "quick", "--out", out.toString(), "--plan",
                "--test-epochs", "1", "--test-subset", "600");
        return out;
    }

    @Test
    void aRunIdThatLeavesTheReproductionIsRefusedAndNothingOutsideIsTouched() throws Exception {
        Path out = plannedFig1();
        Path victim = tmp.resolve("victim");
        Files.createDirectories(victim);
        Files.writeString(victim.resolve("thesis.tex"), "years of work");
        Path manifest = out.resolve("manifest.json");
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(manifest.toFile());
        ((ObjectNode) tree.get("runs").get(0)).put("id", "../../victim");
        Json.mapper().writeValue(manifest.toFile(), tree);
        String err = CommandLineHarness.fails("run", "--manifest", manifest.toString(), "--index", "0");
        assertTrue(err.contains("manifest.json") && err.contains("'../../victim' is not a plain name"), err);
        assertEquals("years of work", Files.readString(victim.resolve("thesis.tex")));
        assertEquals(1, Files.list(victim).count(), "nothing written into the victim folder");
        err = CommandLineHarness.fails("collect", out.toString());
        assertTrue(err.contains("is not a plain name"), err);
    }

    @Test
    void aRunFolderHeldByAnotherProcessIsNeitherDeletedNorTrainedInto() throws Exception {
        Path out = plannedFig1();
        JsonNode m = Json.mapper().readTree(out.resolve("manifest.json").toFile());
        Path run = out.resolve("runs").resolve(m.get("runs").get(0).get("id").asText());
        // another task in its first epoch: config and provenance RUNNING, no checkpoint, its lock held
        try (FolderLock other = FolderLock.acquire(run)) {
            Files.writeString(run.resolve("config.json"), "{\"theirs\": true}\n");
            Files.writeString(run.resolve("provenance.json"), "{\"status\": \"RUNNING\"}\n");
            String err = CommandLineHarness.fails("run", "--manifest", out.resolve("manifest.json").toString(),
                    "--index", "0");
            assertTrue(err.contains("in use by another thermosgd process") && err.contains("pid "), err);
            CommandLineHarness.Result all = CommandLineHarness.run("reproduce", "fig1", "--scale", "quick", "--out",
                    out.toString(), "--test-epochs", "1", "--test-subset", "600");
            assertEquals(0, all.exit(), all.err());
            assertTrue(all.out().contains("left to the process that holds it"), all.out());
            assertTrue(all.out().contains("1 runs unfinished"), all.out());
            assertEquals("{\"theirs\": true}\n", Files.readString(run.resolve("config.json")));
        }
    }

    @Test
    void aFolderWithFilesThatAreNotARunsIsNeverEmptied() throws Exception {
        Path out = plannedFig1();
        JsonNode m = Json.mapper().readTree(out.resolve("manifest.json").toFile());
        Path run = out.resolve("runs").resolve(m.get("runs").get(0).get("id").asText());
        Files.createDirectories(run);
        Files.writeString(run.resolve("notes.txt"), "mine");
        String err = CommandLineHarness.fails("run", "--manifest", out.resolve("manifest.json").toString(),
                "--index", "0");
        assertTrue(err.contains("notes.txt") && err.contains("nothing was removed"), err);
        assertEquals("mine", Files.readString(run.resolve("notes.txt")));
    }

    @Test
    void verdictsNeedEveryRunTheyCompare() throws Exception {
        Path out = plannedFig1();
        Path manifest = out.resolve("manifest.json");
        CommandLineHarness.ok("run", "--manifest", manifest.toString(), "--index", "0");
        CommandLineHarness.ok("run", "--manifest", manifest.toString(), "--index", "1");
        CommandLineHarness.Result c = CommandLineHarness.ok("collect", out.toString());
        assertTrue(c.out().contains("inconclusive: 3 of 5 runs unfinished"), c.out());
        assertFalse(c.out().contains(": holds") || c.out().contains(": fails"), c.out());
        JsonNode verdicts = Json.mapper().readTree(out.resolve("verdicts.json").toFile());
        assertTrue(verdicts.size() > 0, verdicts.toString());
        for (JsonNode v : verdicts) {
            assertTrue(v.toString().contains("3 of 5 runs unfinished"), v.toString());
        }
        // a damaged provenance.json is one unfinished run, not a stop; reproduce trains it again
        JsonNode m = Json.mapper().readTree(manifest.toFile());
        String first = m.get("runs").get(0).get("id").asText();
        Files.writeString(out.resolve("runs").resolve(first).resolve("provenance.json"), "{\"status\": ");
        c = CommandLineHarness.ok("collect", out.toString());
        assertTrue(c.out().contains(first + " (damaged: ") && c.out().contains("4 of 5 runs unfinished"), c.out());
        CommandLineHarness.Result all = CommandLineHarness.run("reproduce", "fig1", "--scale", "quick", "--out",
                out.toString(), "--test-epochs", "1", "--test-subset", "600");
        assertEquals(0, all.exit(), all.err());
        assertFalse(all.out().contains("unfinished"), all.out());
    }

    private static String mlpSpec(int hidden) {
        return "{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"flatten\"}, {\"type\": \"linear\","
                + " \"out_features\": " + hidden + "}, {\"type\": \"relu\"}, {\"type\": \"linear\","
                + " \"out_features\": 10}]}";
    }

    /** A run moved away and a new run made at its old path: resuming the moved run trains its own network. */
    @Test
    void aMovedRunResumesItsOwnNetworkAndRefusesAChangedCopy() throws Exception {
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        Files.writeString(a, mlpSpec(32));
        Files.writeString(b, mlpSpec(16));
        Path run = tmp.resolve("run");
        String[] common = {"--train-subset", "600", "--batch", "50", "--lr", "0.05", "--seed", "2"};
        CommandLineHarness.ok(CommandLineHarness.with(new String[] {"train", "--model", a.toString(), "--epochs", "2",
                "--stop-after-epochs", "1", "--out", run.toString()}, common));
        Path moved = tmp.resolve("moved");
        Files.move(run, moved);
        CommandLineHarness.ok(CommandLineHarness.with(new String[] {"train", "--model", b.toString(), "--epochs", "1",
                "--out", run.toString()}, common));
        CommandLineHarness.ok("train", "--resume", moved.toString());
        Path weights = tmp.resolve("moved.safetensors");
        CommandLineHarness.ok("weights", "export", moved.toString(), "--out", weights.toString());
        String info = CommandLineHarness.ok("weights", "info", weights.toString()).out();
        assertTrue(info.contains("[32, 784]") && !info.contains("[16, 784]"), info);
        // shared files name the run's folder and its own specification, never a machine path
        assertTrue(info.contains("run: moved") || info.contains("\"run\" : \"moved\"") || info.contains("run=moved"),
                info);
        assertFalse(info.contains(tmp.toString()), info);
        String again = CommandLineHarness.fails("weights", "export", moved.toString(), "--out", weights.toString());
        assertTrue(again.contains("already exists") && again.contains("never overwritten"), again);
        Path grads = tmp.resolve("g.npy");
        CommandLineHarness.ok("diffusion", "--run", moved.toString(), "--samples", "16", "--save-gradients",
                grads.toString());
        String diffusion = Files.readString(moved.resolve("diffusion-epoch-2").resolve("diffusion.json"));
        assertTrue(diffusion.contains("\"run\" : \"moved\"") && !diffusion.contains(tmp.toString()), diffusion);
        long written = Files.size(grads);
        String twice = CommandLineHarness.fails("diffusion", "--run", moved.toString(), "--samples", "16",
                "--save-gradients", grads.toString());
        assertTrue(twice.contains("already exists"), twice);
        assertEquals(written, Files.size(grads));
        Files.writeString(moved.resolve("model.json"), mlpSpec(16));
        String err = CommandLineHarness.fails("train", "--resume", moved.toString());
        assertTrue(err.contains("model.json: changed since the run recorded it"), err);
    }

    /** A run that cannot be resumed for a reason outside it (its data gone) keeps every file of its own. */
    @Test
    void aRunWhoseResumptionFailsForWantOfDataKeepsItsCheckpoint() throws Exception {
        Path out = plannedFig1();
        JsonNode m = Json.mapper().readTree(out.resolve("manifest.json").toFile());
        Path run = out.resolve("runs").resolve(m.get("runs").get(0).get("id").asText());
        Path data = tmp.resolve("fashion");
        Files.createDirectories(data);
        try (var files = Files.list(Path.of("/usr/share/datasets/fashion-mnist"))) {
            for (Path f : files.toList()) {
                Files.copy(f, data.resolve(f.getFileName()));
            }
        }
        CommandLineHarness.ok("train", "--dataset", "fashion-mnist", "--dir", data.toString(), "--train-subset",
                "600", "--epochs", "2", "--stop-after-epochs", "1", "--out", run.toString());
        byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint.bin"));
        try (var files = Files.list(data)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        String err = CommandLineHarness.fails("run", "--manifest", out.resolve("manifest.json").toString(),
                "--index", "0");
        assertTrue(err.contains("fashion"), err);
        assertArrayEquals(checkpoint, Files.readAllBytes(run.resolve("checkpoint.bin")));
        assertTrue(Files.exists(run.resolve("epochs.csv")) && Files.exists(run.resolve("config.json")));
    }
}
