package org.thermosgd.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void createsTimestampedDirectoryWithConfigProvenanceAndFigures() throws IOException {
        RunDirectory run = RunDirectory.create(tmp, "demo", null);
        assertTrue(run.path().getFileName().toString().matches("\\d{8}T\\d{6}Z-demo"), run.path().toString());
        assertTrue(Files.isDirectory(run.figures()));

        run.writeConfig(Map.of("lr", 0.01, "batch", 32));
        run.start(Provenance.start(Path.of("."), 1, 7L, List.of("test")));
        Provenance running = Json.read(run.resolve(RunDirectory.PROVENANCE), Provenance.class);
        assertEquals(RunStatus.RUNNING, running.status());
        assertNull(running.endTime());
        assertEquals(7L, running.seed());
        assertNotNull(running.libraries().get("deeplearning4j"));

        run.finish(RunStatus.COMPLETED, null);
        Provenance done = Json.read(run.resolve(RunDirectory.PROVENANCE), Provenance.class);
        assertEquals(RunStatus.COMPLETED, done.status());
        assertNotNull(done.endTime());
        assertEquals(0.01, Json.mapper().readTree(run.resolve(RunDirectory.CONFIG).toFile()).get("lr").asDouble());
        try (var files = Files.list(run.path())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temp file left behind");
        }
    }

    @Test
    void twoRunsInTheSameSecondGetDistinctDirectories() throws IOException {
        Path a = RunDirectory.create(tmp, "same", null).path();
        Files.writeString(a.resolve("x"), "1");
        Path b = RunDirectory.create(tmp, "same", null).path();
        assertTrue(!a.equals(b), a + " reused");
    }

    @Test
    void refusesNonEmptyOutputAndBadNames() throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("old.csv"), "keep me");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.create(tmp, "x", out));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("keep me", Files.readString(out.resolve("old.csv")));
        assertThrows(IllegalArgumentException.class, () -> RunDirectory.create(tmp, "a b", null));
    }

    @Test
    void openRefusesAFolderWithoutProvenance() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.open(tmp));
        assertTrue(e.getMessage().contains(RunDirectory.PROVENANCE), e.getMessage());
    }

    /** A run whose JVM receives SIGTERM must record INTERRUPTED, never COMPLETED. */
    @Test
    void terminatedRunIsMarkedInterrupted() throws Exception {
        Path out = tmp.resolve("killed");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SleepingRun.class.getName(), out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path prov = out.resolve(RunDirectory.PROVENANCE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(prov) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(prov), () -> "child never started its run: " + readLog());
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), () -> "child ignored SIGTERM: " + readLog());
        assertEquals(RunStatus.INTERRUPTED, Json.read(prov, Provenance.class).status());
    }

    private String readLog() {
        try {
            return Files.readString(tmp.resolve("child.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Child process for {@link #terminatedRunIsMarkedInterrupted}. */
    public static final class SleepingRun {
        public static void main(String[] args) throws Exception {
            RunDirectory run = RunDirectory.create(null, "child", Path.of(args[0]));
            run.start(Provenance.start(Path.of("."), 1, null, List.of("sleep")));
            Thread.sleep(60_000);
            run.finish(RunStatus.COMPLETED, null);
        }
    }

    /**
     * The one lifecycle: work that returns is COMPLETED, work the caller calls unfinished is INTERRUPTED with its
     * message, work that throws is FAILED with the error on one line and the error reaches the caller.
     */
    @Test
    void executeRecordsHowTheWorkEnded() throws IOException {
        Provenance p = Provenance.start(Path.of("."), 1, 1L, List.of("test"));
        RunDirectory done = RunDirectory.create(tmp, "done", null);
        assertEquals(3, done.execute(p, () -> 3));
        assertEquals(RunStatus.COMPLETED, Json.read(done.resolve(RunDirectory.PROVENANCE), Provenance.class).status());
        RunDirectory cut = RunDirectory.create(tmp, "cut", null);
        cut.execute(p, () -> 1, n -> n < 2 ? "stopped after 1 of 2" : null);
        Provenance cutEnd = Json.read(cut.resolve(RunDirectory.PROVENANCE), Provenance.class);
        assertEquals(RunStatus.INTERRUPTED, cutEnd.status());
        assertEquals("stopped after 1 of 2", cutEnd.message());
        RunDirectory bad = RunDirectory.create(tmp, "bad", null);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> bad.execute(p, () -> {
                    throw new IllegalStateException("line one\n  line two");
                }));
        assertEquals("line one\n  line two", e.getMessage());
        Provenance badEnd = Json.read(bad.resolve(RunDirectory.PROVENANCE), Provenance.class);
        assertEquals(RunStatus.FAILED, badEnd.status());
        assertEquals("line one line two", badEnd.message());
    }

    /** Broken JSON names the file and the position; a field of the wrong form names the field; no parser internals. */
    @Test
    void brokenJsonNamesTheFileAndPosition() throws IOException {
        Path bad = tmp.resolve("manifest.json");
        java.nio.file.Files.writeString(bad, "{\n  \"experiment\": \"fig1\",\n  \"seeds\": [1,\n");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Json.read(bad, Provenance.class));
        assertTrue(e.getMessage().startsWith(bad + ": is not valid JSON at line "), e.getMessage());
        java.nio.file.Files.writeString(bad, "{\"threads\": \"many\"}");
        IOException f = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Json.read(bad, Provenance.class));
        assertTrue(f.getMessage().contains("does not hold the expected Provenance (field 'threads')"),
                f.getMessage());
        assertTrue(!f.getMessage().contains("com.fasterxml"), f.getMessage());
    }
}
