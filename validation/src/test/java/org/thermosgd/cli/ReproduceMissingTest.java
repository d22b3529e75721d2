package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reproduce --plan --missing}: the job array of the unfinished runs of a planned reproduction, and its errors.
 * Nothing here trains (no run is finished); ReproduceCommandTest resubmits after real runs.
 */
class ReproduceMissingTest {
    @TempDir
    Path tmp;

    private static void assertOneLineError(CommandLineHarness.Result r, String expected) {
        assertEquals(Thermosgd.EXIT_ERROR, r.exit(), r.out());
        assertTrue(r.err().startsWith("thermosgd: error: ") && r.err().contains(expected), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void planThenMissingListsEveryRunWhenNoneFinished() throws Exception {
        Path out = tmp.resolve("fig1");
        CommandLineHarness.Result plan = CommandLineHarness.run("reproduce", "fig1", "--out", out.toString(),
                "--plan");
        assertEquals(0, plan.exit(), plan.err());
        String all = Files.readString(out.resolve("slurm.sh"));
        assertTrue(all.contains("\n#SBATCH --array=0-4\n") && all.contains("\n#SBATCH --mem=2G\n"), all);
        assertTrue(all.contains("--plan --missing --out '" + out.toAbsolutePath() + "'"), "says how to resubmit: "
                + all);
        CommandLineHarness.Result missing = CommandLineHarness.run("reproduce", "fig1", "--out", out.toString(),
                "--plan", "--missing");
        assertEquals(0, missing.exit(), missing.err());
        assertTrue(missing.out().contains("5 of 5 runs unfinished"), missing.out());
        String script = Files.readString(out.resolve("slurm-missing.sh"));
        assertTrue(script.contains("\n#SBATCH --array=0-4\n"), script);
        assertEquals(all, script, "with nothing finished, the same array as slurm.sh");
    }

    @Test
    void missingNeedsPlanAndAnExistingReproduction() throws Exception {
        Path none = tmp.resolve("none");
        assertOneLineError(CommandLineHarness.run("reproduce", "fig1", "--missing", "--out", none.toString()),
                "--missing works only with --plan");
        assertOneLineError(CommandLineHarness.run("reproduce", "fig1", "--plan", "--missing"),
                "--missing needs --out DIR");
        assertOneLineError(CommandLineHarness.run("reproduce", "fig1", "--plan", "--missing", "--out",
                none.toString()), none + " holds no manifest.json");
        assertFalse(Files.exists(none), "nothing is created for a refused --missing");
        Path out = tmp.resolve("fig1");
        assertEquals(0, CommandLineHarness.run("reproduce", "fig1", "--out", out.toString(), "--plan").exit());
        assertOneLineError(CommandLineHarness.run("reproduce", "fig1", "--seeds", "2", "--plan", "--missing",
                "--out", out.toString()), "holds a different reproduction (fig1, quick, 1 seeds)");
        assertFalse(Files.exists(out.resolve("slurm-missing.sh")));
    }
}
