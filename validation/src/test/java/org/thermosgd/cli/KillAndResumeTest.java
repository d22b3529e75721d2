package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
