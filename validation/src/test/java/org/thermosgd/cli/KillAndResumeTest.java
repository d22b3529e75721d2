package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.FaultPoint;
import org.thermosgd.run.Json;
import org.thermosgd.training.train.RunFiles;

/**
 * Fault injection with a real process: a child JVM runs {@code thermosgd train} and is killed with SIGKILL after its
 * first checkpoint, in the middle of a later epoch (or while it writes); the run stays RUNNING, --resume in this JVM
 * completes it, and it ends with the metrics of an uninterrupted run.
 */
@Tag("slow")
class KillAndResumeTest {
    @TempDir
    Path tmp;

    @Test
    void killedChildJvmResumesToTheUninterruptedResult() throws Exception {
        String[] settings = {"train", "--epochs", "4", "--train-subset", "20000", "--batch", "64", "--seed", "9",
                "--protocol", "random", "--json"};
        Path straight = tmp.resolve("straight");
        CommandLineHarness.Result a = CommandLineHarness.run(CommandLineHarness.with(settings, "--out",
                straight.toString()));
        assertEquals(0, a.exit(), a.err());

        Path killed = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Thermosgd.class.getName()));
        cmd.addAll(List.of(CommandLineHarness.with(settings, "--out", killed.toString())));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(killed.resolve(RunFiles.CHECKPOINT)) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(150);
        boolean wasAlive = child.isAlive();
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        if (wasAlive) {
            assertEquals("RUNNING", Json.mapper().readTree(killed.resolve("provenance.json").toFile()).get("status")
                    .asText(), "a killed run never looks complete");
        }
        CommandLineHarness.Result resumed = CommandLineHarness.run("train", "--resume", killed.toString(), "--json");
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(CommandLineHarness.testAccuracies(straight),
                CommandLineHarness.testAccuracies(killed),
                "test accuracy per epoch");
        assertEquals(Files.readAllLines(straight.resolve("iterations.csv")).size(),
                Files.readAllLines(killed.resolve("iterations.csv")).size());
        try (var left = Files.walk(killed)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().matches("^\\..+\\.\\d+\\.(tmp|png)$")),
                    "no temporary file left behind");
        }
    }

    /** Runs thermosgd in a child JVM that halts (as SIGKILL would) at {@code point}; returns its exit status. */
    private int haltChild(String point, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dthermosgd.haltAt=" + point, "-cp", System.getProperty("java.class.path"),
                Thermosgd.class.getName()));
        cmd.addAll(List.of(args));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child-" + point.replaceAll("\\W", "_") + ".log").toFile()).start();
        if (!child.waitFor(5, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("child did not reach " + point);
        }
        return child.exitValue();
    }

    private static boolean hasTemporaries(Path dir, int depth) throws java.io.IOException {
        try (var walk = Files.walk(dir, depth)) {
            return walk.anyMatch(p -> p.getFileName().toString().matches("^\\..+\\.\\d+\\.(tmp|png)$"));
        }
    }

    private static String status(Path run) throws java.io.IOException {
        return Json.mapper().readTree(run.resolve("provenance.json").toFile()).get("status").asText();
    }

    @Test
    void killsBeforeACheckpointsRenameAndDuringTheFinalFiguresResumeToTheUninterruptedResult() throws Exception {
        String[] settings = {"train", "--epochs", "3", "--train-subset", "5000", "--batch", "100", "--seed", "4",
                "--protocol", "cyclic:1"};
        Path straight = tmp.resolve("straight");
        assertEquals(0, CommandLineHarness.run(CommandLineHarness.with(settings, "--out", straight.toString())).exit());

        Path beforeRename = tmp.resolve("before-rename");
        assertEquals(FaultPoint.HALTED, haltChild("rename:checkpoint.bin@2",
                CommandLineHarness.with(settings, "--out", beforeRename.toString())));
        assertEquals("RUNNING", status(beforeRename));
        assertTrue(hasTemporaries(beforeRename, 1), "the second checkpoint was complete in its temporary file");
        assertEquals(1, RunFiles.latestCheckpoint(beforeRename).epochsCompleted(), "the first checkpoint stands");
        CommandLineHarness.Result r = CommandLineHarness.run("train", "--resume", beforeRename.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(CommandLineHarness.testAccuracies(straight), CommandLineHarness.testAccuracies(beforeRename));
        assertEquals(Files.readAllLines(straight.resolve("iterations.csv")),
                Files.readAllLines(beforeRename.resolve("iterations.csv")));
        assertFalse(hasTemporaries(beforeRename, Integer.MAX_VALUE));

        // halted after the checkpoint of epoch 1, before its metrics: the checkpoint carries them, resume rewrites them
        Path beforeMetrics = tmp.resolve("before-metrics");
        assertEquals(FaultPoint.HALTED, haltChild("rename:epochs.csv",
                CommandLineHarness.with(settings, "--out", beforeMetrics.toString())));
        assertEquals(1, RunFiles.latestCheckpoint(beforeMetrics).epochsCompleted());
        r = CommandLineHarness.run("train", "--resume", beforeMetrics.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(CommandLineHarness.testAccuracies(straight), CommandLineHarness.testAccuracies(beforeMetrics));

        Path figures = tmp.resolve("figures");
        assertEquals(FaultPoint.HALTED, haltChild("final-figures",
                CommandLineHarness.with(settings, "--out", figures.toString())));
        assertEquals("RUNNING", status(figures));
        assertTrue(Files.exists(figures.resolve(RunFiles.SUMMARY)));
        try (var made = Files.list(figures.resolve("figures"))) {
            assertEquals(List.of(), made.toList(), "killed before its figures");
        }
        r = CommandLineHarness.run("train", "--resume", figures.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("COMPLETED", status(figures));
        try (var a = Files.list(straight.resolve("figures")); var b = Files.list(figures.resolve("figures"))) {
            assertEquals(a.map(p -> p.getFileName().toString()).sorted().toList(),
                    b.map(p -> p.getFileName().toString()).sorted().toList(), "the figures the run owed");
        }
        assertEquals(CommandLineHarness.testAccuracies(straight), CommandLineHarness.testAccuracies(figures));
    }

    @Test
    void aCollectKilledBeforeItsReportLeavesNoReportAndTheNextCollectCompletes() throws Exception {
        Path out = tmp.resolve("repro");
        CommandLineHarness.Result r = CommandLineHarness.run("reproduce", "fig1", "--scale", "quick", "--out",
                out.toString(), "--test-epochs", "2", "--test-subset", "2000");
        assertEquals(0, r.exit(), r.err());
        String report = Files.readString(out.resolve("report.md"));
        Files.delete(out.resolve("report.md"));
        Files.delete(out.resolve("report.html"));
        assertEquals(FaultPoint.HALTED, haltChild("rename:report.md", "collect", out.toString()));
        assertFalse(Files.exists(out.resolve("report.md")), "no report that looks complete");
        assertTrue(hasTemporaries(out, 1));
        r = CommandLineHarness.run("collect", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertFalse(hasTemporaries(out, 1), "the killed collect's temporary file is gone");
        assertFalse(hasTemporaries(out.resolve("figures"), Integer.MAX_VALUE));
        assertEquals(report.replaceAll("(?m)^.*(UTC|seconds|generated).*$", ""),
                Files.readString(out.resolve("report.md")).replaceAll("(?m)^.*(UTC|seconds|generated).*$", ""),
                "the same report as before");
    }
}
