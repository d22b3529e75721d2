package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.figures.FigureSpec;
import org.thermosgd.figures.Figures;
import org.thermosgd.run.FolderLock;
import org.thermosgd.run.Json;

class DataCommandTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsEveryCommandWithOneLine() {
        CommandLineHarness.Result r = CommandLineHarness.run("--help");
        assertEquals(0, r.exit());
        String commands = r.out().substring(r.out().indexOf("Commands:") + "Commands:".length()).strip();
        java.util.List<String> lines = commands.lines().map(String::strip).toList();
        for (String line : lines) {
            assertTrue(line.matches("\\S+ {2,}\\S.*"), "command line wrapped or missing a description: " + line);
        }
        for (String name : new String[] {"reproduce", "run", "collect", "validate", "train", "models", "weights",
                "hessian", "diffusion", "data", "sgd", "fp", "figures", "sde", "bench", "help"}) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(name + " ")), name + " missing from " + lines);
        }
    }

    @Test
    @Tag("slow")
    void infoMnistReportsTheStandardSplits() throws Exception {
        CommandLineHarness.Result r = CommandLineHarness.run("data", "info", "mnist", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = Json.mapper().readTree(r.out());
        assertEquals(60000, j.get("trainCount").asInt());
        assertEquals(10000, j.get("testCount").asInt());
        assertEquals("[1,28,28]", j.get("imageShapeChw").toString());
        assertEquals("[5923,6742,5958,6131,5842,5421,5918,6265,5851,5949]", j.get("trainClassCounts").toString());
        assertEquals("[980,1135,1032,1010,982,892,958,1028,974,1009]", j.get("testClassCounts").toString());
        assertEquals(4, j.get("files").size());
        for (JsonNode f : j.get("files")) {
            assertTrue(f.get("verified").asBoolean(), f.toString());
        }
        CommandLineHarness.Result text = CommandLineHarness.run("data", "info", "mnist");
        assertTrue(text.out().contains("images: 60000 train, 10000 test; shape [1, 28, 28]"), text.out());
    }

    @Test
    @Tag("slow")
    void corruptFileGivesOneLineErrorAndNonZeroExit() throws Exception {
        Path dir = tmp.resolve("mnist");
        Files.createDirectories(dir);
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            Files.write(dir.resolve(f), new byte[] {0, 0, 8, 1, 0, 0, 0, 5, 1, 2});
        }
        CommandLineHarness.Result r = CommandLineHarness.run("data", "info", "mnist", "--dir", dir.toString());
        assertEquals(Thermosgd.EXIT_ERROR, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("thermosgd: error: " + dir.resolve("train-images-idx3-ubyte")
                + ": has 1 dimensions, expected 3"), r.err());
    }

    @Test
    void missingCifarNamesTheExpectedFiles() {
        CommandLineHarness.Result r = CommandLineHarness.run("data", "info", "cifar10", "--dir", tmp.toString());
        assertEquals(Thermosgd.EXIT_ERROR, r.exit());
        assertTrue(r.err().contains("data_batch_1.bin") && r.err().contains("test_batch.bin"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    /**
     * Command-line mistakes are one line with the prefix and exit status 1, naming the option and where to read the
     * usage: a value that is not a number, an unknown option, an unknown command (with the suggestion), options that
     * exclude each other; and a reproduction refuses a non-empty folder that is not one, and --jobs 0.
     */
    @Test
    void commandLineMistakesAreOneLine() throws Exception {
        String[][] cases = {{"train", "--lr", "abc"}, {"train", "--bogus"}, {"trian"},
                {"diffusion", "--run", "a", "--synthetic", "b"}, {"reproduce", "fig1", "--jobs", "0"}};
        String[] expected = {"Invalid value for option '--lr': 'abc' is not a double", "Unknown option: '--bogus'",
                "did you mean hessian or train?", "are mutually exclusive", "--jobs 0 must be >= 1"};
        for (int i = 0; i < cases.length; i++) {
            CommandLineHarness.Result r = CommandLineHarness.run(cases[i]);
            assertEquals(Thermosgd.EXIT_ERROR, r.exit(), String.join(" ", cases[i]));
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("thermosgd: error: ") && r.err().contains(expected[i]), r.err());
        }
        Path mine = tmp.resolve("mine");
        Files.createDirectories(mine.resolve("figures"));
        Files.writeString(mine.resolve("report.md"), "my own notes");
        CommandLineHarness.Result r = CommandLineHarness.run("reproduce", "fig5", "--plan", "--out", mine.toString());
        assertEquals(Thermosgd.EXIT_ERROR, r.exit());
        assertTrue(r.err().contains("is not empty and holds no manifest.json"), r.err());
        assertEquals("my own notes", Files.readString(mine.resolve("report.md")));
        try (var left = Files.list(mine)) {
            assertEquals(2, left.count(), "nothing written into the user's folder");
        }
        Path busy = tmp.resolve("busy");
        try (FolderLock held = FolderLock.acquire(busy)) {
            CommandLineHarness.Result second = CommandLineHarness.run("reproduce", "fig5", "--plan", "--out",
                    busy.toString());
            assertEquals(Thermosgd.EXIT_ERROR, second.exit());
            assertTrue(second.err().contains("is in use by another thermosgd process (host "), second.err());
        }
        CommandLineHarness.Result free = CommandLineHarness.run("reproduce", "fig5", "--plan", "--out",
                busy.toString());
        assertEquals(0, free.exit(), free.err());
    }

    /**
     * Unclear messages made clear: an unstable SDE drift names the field and why; an empty or file --out says so; a
     * figure CSV of random bytes names the file and what was expected.
     */
    @Test
    void unclearInputsGetMessagesThatSayWhatIsWrong() throws Exception {
        Path drift = tmp.resolve("d0.json");
        Files.writeString(drift, "{\"drift\": [[0]], \"diffusion\": [[1]]}");
        CommandLineHarness.Result d = CommandLineHarness.run("sde", "stationary", "--problem", drift.toString());
        assertEquals(Thermosgd.EXIT_ERROR, d.exit());
        assertTrue(d.err().contains(drift + ": field 'drift': must be stable"), d.err());
        CommandLineHarness.Result empty = CommandLineHarness.run("fp", "solve", "--out", "");
        assertTrue(empty.err().contains("--out is empty"), empty.err());
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        CommandLineHarness.Result isFile = CommandLineHarness.run("fp", "solve", "--out", file.toString());
        assertTrue(isFile.err().contains(file + " is a file"), isFile.err());
        Path figs = tmp.resolve("figs");
        Figures.render(new FigureSpec("f", "", "x", "1", "y", "1", false,
                false, false, java.util.List.of(new FigureSpec.Series("a", null,
                        new double[] {1, 2}, new double[] {1, 2}, null))), figs);
        Files.write(figs.resolve("f.csv"), new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 10, 1, 2});
        CommandLineHarness.Result csv = CommandLineHarness.run("figures", figs.toString());
        assertEquals(Thermosgd.EXIT_ERROR, csv.exit());
        assertTrue(csv.err().contains(figs.resolve("f.csv") + ": not a text CSV"), csv.err());
    }
}
