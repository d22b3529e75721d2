package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.Json;
import org.thermosgd.training.data.Cifar10;

@Tag("slow")
class ReproduceCommandTest {
    @TempDir
    Path tmp;

    static String startTime(Path run) throws Exception {
        return Json.mapper().readTree(run.resolve("provenance.json").toFile()).get("startTime").asText();
    }

    /** Stopped after two of five runs, then re-run: the finished runs are kept, the rest completed, report written. */
    @Test
    void interruptedReproductionCompletesWithoutRedoingFinishedRuns() throws Exception {
        Path out = tmp.resolve("fig1");
        String[] base = {"reproduce", "fig1", "--scale", "quick", "--out", out.toString(), "--test-epochs", "2",
                "--test-subset", "1500", "--jobs", "2"};
        String[] first = java.util.Arrays.copyOf(base, base.length + 2);
        first[base.length] = "--test-max-runs";
        first[base.length + 1] = "2";
        CommandLineHarness.Result r1 = CommandLineHarness.run(first);
        assertEquals(0, r1.exit(), r1.err());
        assertTrue(r1.out().contains("3 runs unfinished"), r1.out());
        Path constant = out.resolve("runs").resolve("constant-seed1");
        String started = startTime(constant);
        CommandLineHarness.Result r2 = CommandLineHarness.run(base);
        assertEquals(0, r2.exit(), r2.err());
        assertEquals(started, startTime(constant), "a finished run was redone");
        JsonNode command = Json.mapper().readTree(constant.resolve("provenance.json").toFile()).get("command");
        assertEquals("run", command.get(1).asText(), "provenance records the command that reproduces the run");
        assertTrue(command.get(3).asText().endsWith("manifest.json") && command.get(5).asText().matches("\\d+"),
                command.toString());
        for (String id : new String[] {"random-seed1", "cyclic-6-seed1", "cyclic-18-seed1", "cyclic-30-seed1"}) {
            assertEquals("COMPLETED", Json.mapper().readTree(out.resolve("runs").resolve(id)
                    .resolve("provenance.json").toFile()).get("status").asText(), id);
        }
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("| cyclic:30 | 1 |") && report.contains("## Verdicts"), report);
        assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64,"));
        // a finished run whose epochs.csv was cut short is listed as damaged, not counted, and re-run by reproduce
        Path cut = out.resolve("runs").resolve("random-seed1").resolve("epochs.csv");
        java.util.List<String> lines = Files.readAllLines(cut);
        Files.write(cut, lines.subList(0, lines.size() - 1));
        CommandLineHarness.Result c = CommandLineHarness.run("collect", out.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("random-seed1 (damaged: epochs.csv has 1 epochs, the run was configured for 2)"),
                c.out());
        CommandLineHarness.Result again = CommandLineHarness.run(base);
        assertEquals(0, again.exit(), again.err());
        assertTrue(!again.out().contains("unfinished"), again.out());
        for (String f : new String[] {"training-loss", "train-accuracy", "test-accuracy", "fig1"}) {
            assertTrue(Files.size(out.resolve("figures").resolve(f + ".pdf")) > 0, f);
        }
        // the paper's layout: three panels side by side, 7.1 inches at 300 dpi, listed first in the report
        java.awt.image.BufferedImage fig1 = javax.imageio.ImageIO.read(out.resolve("figures").resolve("fig1.png")
                .toFile());
        assertEquals(Math.round(7.1 * 72) * 300 / 72, fig1.getWidth(), 3);
        assertTrue(report.indexOf("figures/fig1.png") < report.indexOf("figures/training-loss.png"), report);
        assertTrue(Json.mapper().readTree(out.resolve("figures").resolve("fig1.panels.json").toFile())
                .get("panels").size() == 3);
    }

    /** --plan writes the manifest and a Slurm array; tasks run by index; collect gathers them. */
    @Test
    void planRunByIndexAndCollect() throws Exception {
        Path out = tmp.resolve("fig5");
        CommandLineHarness.Result plan = CommandLineHarness.run("reproduce", "fig5", "--scale", "quick", "--out",
                out.toString(), "--plan", "--test-epochs", "1", "--test-subset", "600");
        assertEquals(0, plan.exit(), plan.err());
        String slurm = Files.readString(out.resolve("slurm.sh"));
        assertTrue(slurm.contains("#SBATCH --array=0-2") && slurm.contains("--index \"$SLURM_ARRAY_TASK_ID\""), slurm);
        assertTrue(slurm.contains("export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1"), "native pools sized to the"
                + " task's one CPU: " + slurm);
        assertTrue(slurm.contains("#SBATCH --cpus-per-task=1\n") && slurm.contains("#SBATCH --mem=2G\n"), slurm);
        for (int i = 0; i < 3; i++) {
            CommandLineHarness.Result r = CommandLineHarness.run("run", "--manifest",
                    out.resolve("manifest.json").toString(), "--index", Integer.toString(i));
            assertEquals(0, r.exit(), r.err());
        }
        CommandLineHarness.Result c = CommandLineHarness.run("collect", out.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("equal-temperature curves coincide"), c.out());
        assertTrue(Files.exists(out.resolve("figures").resolve("training-loss-zoom.png")));
        assertTrue(Files.exists(out.resolve("figures").resolve("fig5.png")), "full | zoomed in the paper's layout");
        CommandLineHarness.Result bad = CommandLineHarness.run("run", "--manifest", out.resolve("manifest.json")
                .toString(), "--index", "7");
        assertEquals(Thermosgd.EXIT_ERROR, bad.exit());
        assertTrue(bad.err().contains("--index 7 is outside 0..2"), bad.err());
    }

    /**
     * --plan --missing after some array tasks ran: only the unfinished indices (never run, or left RUNNING as a
     * cancelled task leaves its run) are in slurm-missing.sh; once they ran, nothing is left and nothing is written.
     */
    @Test
    void planMissingListsOnlyUnfinishedRuns() throws Exception {
        Path out = tmp.resolve("fig1");
        String[] plan = {"reproduce", "fig1", "--out", out.toString(), "--plan", "--test-epochs", "1",
                "--test-subset", "300"};
        assertEquals(0, CommandLineHarness.run(plan).exit());
        String manifest = out.resolve("manifest.json").toString();
        for (int i : new int[] {0, 1, 2, 3}) {
            CommandLineHarness.Result r = CommandLineHarness.run("run", "--manifest", manifest, "--index",
                    Integer.toString(i));
            assertEquals(0, r.exit(), r.err());
        }
        // run 1 as a task cancelled mid-run leaves it: status RUNNING
        Path provenance = out.resolve("runs").resolve("random-seed1").resolve("provenance.json");
        Files.writeString(provenance, Files.readString(provenance).replace("\"COMPLETED\"", "\"RUNNING\""));
        CommandLineHarness.Result missing = CommandLineHarness.run(CommandLineHarness.with(plan, "--missing"));
        assertEquals(0, missing.exit(), missing.err());
        assertTrue(missing.out().contains("2 of 5 runs unfinished") && missing.out().contains("(random-seed1,"
                + " cyclic-30-seed1)"), missing.out());
        String script = Files.readString(out.resolve("slurm-missing.sh"));
        assertTrue(script.contains("\n#SBATCH --array=1,4\n"), script);
        assertTrue(script.contains("--test-epochs 1 --test-subset 300 --plan --missing"), "the hint re-plans the same"
                + " manifest: " + script);
        CommandLineHarness.Result c = CommandLineHarness.run("collect", out.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("2 runs unfinished: random-seed1, cyclic-30-seed1"), c.out());
        for (int i : new int[] {1, 4}) {
            CommandLineHarness.Result r = CommandLineHarness.run("run", "--manifest", manifest, "--index",
                    Integer.toString(i));
            assertEquals(0, r.exit(), r.err());
        }
        Files.delete(out.resolve("slurm-missing.sh"));
        CommandLineHarness.Result none = CommandLineHarness.run(CommandLineHarness.with(plan, "--missing"));
        assertEquals(0, none.exit(), none.err());
        assertTrue(none.out().contains("all 5 runs in " + out + " are finished; nothing to resubmit"), none.out());
        assertTrue(!Files.exists(out.resolve("slurm-missing.sh")), "nothing written when nothing is missing");
    }

    @Test
    void fig2PlansModelTwoRunsAtThePapersSettings() throws Exception {
        Path out = tmp.resolve("fig2");
        CommandLineHarness.Result r = CommandLineHarness.run("reproduce", "fig2", "--scale", "quick", "--seeds", "2",
                "--out", out.toString(), "--plan");
        assertEquals(0, r.exit(), r.err());
        com.fasterxml.jackson.databind.JsonNode m = Json.mapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(10, m.get("runs").size());
        com.fasterxml.jackson.databind.JsonNode t = m.get("runs").get(0).get("train");
        assertEquals("cnn", t.get("model").asText());
        assertEquals(5e-5, t.get("lr").asDouble());
        assertEquals(1e-3, t.get("weightDecay").asDouble());
        CommandLineHarness.Result bad = CommandLineHarness.run("reproduce", "fig4", "--cifar10", tmp.resolve("none")
                .toString());
        assertEquals(Thermosgd.EXIT_ERROR, bad.exit());
        assertTrue(bad.err().contains("fig4 needs CIFAR-10") && bad.err().contains("missing data_batch_1.bin")
                && bad.err().contains("test_batch.bin"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }

    @Test
    void fig3PlansBothModelsOverThreeSeedsByDefault() throws Exception {
        Path out = tmp.resolve("fig3");
        CommandLineHarness.Result r = CommandLineHarness.run("reproduce", "fig3", "--out", out.toString(), "--plan");
        assertEquals(0, r.exit(), r.err());
        com.fasterxml.jackson.databind.JsonNode m = Json.mapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(3, m.get("seeds").asInt());
        assertEquals(30, m.get("runs").size(), "2 models x 5 protocols x 3 seeds");
        java.util.Map<String, Integer> perPanel = new java.util.TreeMap<>();
        for (com.fasterxml.jackson.databind.JsonNode run : m.get("runs")) {
            perPanel.merge(run.get("panel").asText() + "/" + run.get("train").get("model").asText(), 1, Integer::sum);
        }
        assertEquals(java.util.Map.of("Model 1/mlp", 15, "Model 2/cnn", 15), perPanel);
    }

    /** fig6 plans its VGG16 panel only where CIFAR-10 is present, and says so otherwise. */
    @Test
    void fig6PlansModelTwoPairsAndVggOnlyWithCifar() throws Exception {
        Path out = tmp.resolve("fig6");
        CommandLineHarness.Result r = CommandLineHarness.run("reproduce", "fig6", "--out", out.toString(), "--plan",
                "--cifar10", tmp.resolve("none").toString());
        assertEquals(0, r.exit(), r.err());
        com.fasterxml.jackson.databind.JsonNode m = Json.mapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(3, m.get("runs").size());
        assertTrue(m.get("description").asText().contains("VGG16 panel not run: CIFAR-10 not found"));
        com.fasterxml.jackson.databind.JsonNode t = m.get("runs").get(1).get("train");
        assertEquals(30, t.get("batch").asInt());
        assertEquals(0.5, t.get("momentum").asDouble());
        assertEquals("random-max", t.get("protocol").asText());
        Path cifar = fakeCifar(tmp.resolve("cifar"), 4);
        Path out2 = tmp.resolve("fig6b");
        r = CommandLineHarness.run("reproduce", "fig6", "--out", out2.toString(), "--plan", "--cifar10",
                cifar.toString());
        assertEquals(0, r.exit(), r.err());
        m = Json.mapper().readTree(out2.resolve("manifest.json").toFile());
        assertEquals(6, m.get("runs").size());
        assertEquals("VGG16", m.get("runs").get(3).get("panel").asText());
        assertEquals(256, m.get("runs").get(4).get("train").get("batch").asInt());
    }

    /**
     * fig4 end to end on generated CIFAR-10 files (the real set is not available here): VGG16 runs for five protocols
     * and two seeds, the accuracy and overfitting figures, and the three verdicts in the report.
     */
    @Test
    void fig4RunsVggOnCifarFilesAndWritesItsFiguresAndVerdicts() throws Exception {
        Path cifar = fakeCifar(tmp.resolve("cifar"), 24);
        Path out = tmp.resolve("fig4");
        CommandLineHarness.Result r = CommandLineHarness.run("reproduce", "fig4", "--cifar10", cifar.toString(),
                "--seeds",
                "2", "--out", out.toString(), "--test-epochs", "1", "--test-subset", "24", "--jobs", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("10 runs"), r.out());
        for (String f : new String[] {"test-accuracy", "overfitting"}) {
            assertTrue(Files.size(out.resolve("figures").resolve(f + ".png")) > 0, f);
        }
        String report = Files.readString(out.resolve("report.md"));
        for (String claim : new String[] {"random is as good as the best cyclic", "constant protocol is the worst",
                "overfitting mirrors test accuracy"}) {
            assertTrue(report.contains(claim), claim + " in\n" + report);
        }
        assertTrue(report.contains("| - | cyclic:30 | 2 |"), report);
    }

    /** CIFAR-10 binary files with {@code records} random images each (labels 0..9). */
    static Path fakeCifar(Path dir, int records) throws java.io.IOException {
        Files.createDirectories(dir);
        java.util.Random rnd = new java.util.Random(7);
        for (String f : Cifar10.allFiles()) {
            byte[] b = new byte[records * Cifar10.RECORD];
            rnd.nextBytes(b);
            for (int i = 0; i < records; i++) {
                b[i * Cifar10.RECORD] = (byte) rnd.nextInt(10);
            }
            Files.write(dir.resolve(f), b);
        }
        return dir;
    }

    /**
     * fig4 on Fashion-MNIST plans Model 1 on 5,000 images, five protocols over 5 seeds (batch 64, 60 epochs: a whole
     * period of cyclic:30) without CIFAR-10; paper scale adds Model 2; --dataset is refused for figures without one.
     */
    @Test
    void fig4OnFashionMnistPlansTheHarderTask() throws Exception {
        Path out = tmp.resolve("fm");
        CommandLineHarness.Result r = CommandLineHarness.run("reproduce", "fig4", "--dataset", "fashion-mnist",
                "--out", out.toString(), "--plan");
        assertEquals(0, r.exit(), r.err());
        JsonNode m = Json.mapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(25, m.get("runs").size(), "5 protocols x 5 seeds");
        JsonNode t = m.get("runs").get(0).get("train");
        assertEquals("fashion-mnist", t.get("dataset").asText());
        assertEquals(5000, t.get("trainSubset").asInt());
        assertEquals(64, t.get("batch").asInt());
        assertEquals(60, t.get("epochs").asInt());
        CommandLineHarness.Result paper = CommandLineHarness.run("reproduce", "fig4", "--dataset", "fashion-mnist",
                "--scale", "paper", "--out", tmp.resolve("fmp").toString(), "--plan");
        assertEquals(0, paper.exit(), paper.err());
        assertEquals(50, Json.mapper().readTree(tmp.resolve("fmp").resolve("manifest.json").toFile()).get("runs")
                .size(), "Model 1 and Model 2");
        CommandLineHarness.Result bad = CommandLineHarness.run("reproduce", "fig1", "--dataset", "fashion-mnist",
                "--plan", "--out", tmp.resolve("bad").toString());
        assertEquals(Thermosgd.EXIT_ERROR, bad.exit());
        assertTrue(bad.err().contains("--dataset applies to fig4 and fig6 only"), bad.err());
        CommandLineHarness.Result other = CommandLineHarness.run("reproduce", "fig4", "--dataset", "fashion-mnist",
                "--seeds", "2", "--out", out.toString(), "--plan");
        assertEquals(Thermosgd.EXIT_ERROR, other.exit(), "a folder holding other runs is not reused");
        assertTrue(other.err().contains("holds a different reproduction"), other.err());
    }
}
