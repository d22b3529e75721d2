package org.thermosgd.validation.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thermosgd.training.data.DataHome;

/** The job-array scripts that --plan and --plan --missing write, without a Slurm. */
class SlurmScriptTest {
    @Test
    void arraySpecJoinsConsecutiveIndicesIntoRanges() {
        assertEquals("0-4", ReproduceRun.arraySpec(List.of(0, 1, 2, 3, 4)));
        assertEquals("2", ReproduceRun.arraySpec(List.of(2)));
        assertEquals("0,2-4,7", ReproduceRun.arraySpec(List.of(0, 2, 3, 4, 7)));
        assertEquals("1,3,5", ReproduceRun.arraySpec(List.of(1, 3, 5)));
        assertEquals("998-1001", ReproduceRun.arraySpec(List.of(998, 999, 1000, 1001)), "compared as numbers");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReproduceRun.arraySpec(List.of()));
        assertTrue(e.getMessage().contains("at least one run index"), e.getMessage());
    }

    @Test
    void memoryRequestFollowsTheLargestModelOfTheManifest() {
        Experiments.Manifest fig1 = Experiments.plan("fig1", "quick", 1, null, null, DataHome.fromEnvironment());
        assertEquals(new ReproduceRun.TaskMemory(2, 1), ReproduceRun.TaskMemory.of(fig1));
        Experiments.Manifest fig3 = Experiments.plan("fig3", "quick", 1, null, null, DataHome.fromEnvironment());
        assertEquals(new ReproduceRun.TaskMemory(5, 1), ReproduceRun.TaskMemory.of(fig3), "Model 2 in fig3");
        assertEquals(new ReproduceRun.TaskMemory(6, 2), ReproduceRun.TaskMemory.of("vgg16"));
    }

    @Test
    void scriptRequestsOneCpuAndTheModelsMemoryAndPinsThePools() {
        Experiments.Manifest m = Experiments.plan("fig1", "quick", 1, null, null, DataHome.fromEnvironment());
        Path dir = Path.of("/tmp/some-reproduction");
        String s = ReproduceRun.slurmScript("fig1", dir, m, List.of(1, 3, 4), "thermosgd reproduce fig1 ...");
        assertTrue(s.startsWith("#!/bin/bash\n"), s);
        assertTrue(s.contains("\n#SBATCH --array=1,3-4\n"), s);
        assertTrue(s.contains("\n#SBATCH --cpus-per-task=1\n"), s);
        assertTrue(s.contains("\n#SBATCH --mem=2G\n"), s);
        assertTrue(s.contains("\n#SBATCH --output=\"/tmp/some-reproduction/slurm-%A_%a.out\"\n"), s);
        assertTrue(s.contains("\nexport OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1\n"), s);
        assertTrue(s.contains("\nexport JAVA_OPTS=\"${JAVA_OPTS:--Xmx1g}\"\n"), s);
        assertTrue(s.contains(" run --manifest '/tmp/some-reproduction/manifest.json' --index"
                + " \"$SLURM_ARRAY_TASK_ID\"\n"), s);
        // every #SBATCH line comes before the first command, or sbatch ignores it
        int lastDirective = s.lastIndexOf("#SBATCH");
        assertTrue(lastDirective < s.indexOf("\nexport "), s);
    }

    /**
     * Folder names with shell syntax stay data: each path is one single-quoted word, so bash runs the task's command
     * with the folder's name as written; control characters, '"' and '%' are refused by name.
     */
    @Test
    void foldersWithShellSyntaxAreQuotedAndControlCharactersRefused() throws Exception {
        Experiments.Manifest m = Experiments.plan("fig1", "quick", 1, null, null, DataHome.fromEnvironment());
        Path dir = Path.of("/tmp/a $(touch pwned) `id` $HOME it's");
        String s = ReproduceRun.slurmScript("fig1", dir, m, List.of(0), "again");
        String command = s.lines().filter(l -> l.contains(" run --manifest ")).findFirst().orElseThrow();
        // bash's own reading of the words: echo them back through a real shell, with the launcher replaced
        String echoed = command.substring(command.indexOf(" run --manifest "));
        Process p = new ProcessBuilder("bash", "-c", "printf '%s\\n'" + echoed.replace("\"$SLURM_ARRAY_TASK_ID\"",
                "\"$X\"")).redirectErrorStream(true).start();
        String words = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), words);
        assertEquals(List.of("run", "--manifest", dir.resolve("manifest.json").toString(), "--index", ""),
                words.lines().toList());
        for (String bad : List.of("/tmp/x\ny", "/tmp/x\"y", "/tmp/100%")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> ReproduceRun.slurmScript("fig1", Path.of(bad), m,
                            List.of(0), "again"));
            assertTrue(e.getMessage().contains("Slurm script cannot carry") && !e.getMessage().contains("\n"),
                    e.getMessage());
        }
    }
}
