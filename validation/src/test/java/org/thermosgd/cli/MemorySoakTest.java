package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.CsvTable;
import org.thermosgd.training.train.RunFiles;

/**
 * Resident memory epoch over epoch, in a child JVM of its own whose 512 MB heap is committed and touched at start
 * (otherwise the collector's lazy heap growth shows as RSS growth: 472 -> 600 MB over 7 epochs in one CI run): after
 * the first epoch has warmed up the JIT and the native pools, RSS may not keep growing. Model 1, and Model 2 on the
 * oneDNN engine (its plans allocate their buffers once).
 */
@Tag("slow")
class MemorySoakTest {
    @TempDir
    Path tmp;

    @Test
    void model1ResidentMemoryStaysFlatFromTheSecondEpoch() throws Exception {
        soak("mlp", 20000, 64, 8);
    }

    /** Model 2 with a short last batch (2,000 = 7 x 256 + 208) and evaluation on the test set every epoch. */
    @Test
    void model2ResidentMemoryStaysFlatFromTheSecondEpoch() throws Exception {
        soak("cnn", 2000, 256, 6);
    }

    private void soak(String model, int images, int batch, int epochs) throws Exception {
        Path run = tmp.resolve("soak-" + model);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "-cp", System.getProperty("java.class.path"),
                Thermosgd.class.getName(), "train", "--model", model, "--epochs", String.valueOf(epochs),
                "--train-subset", String.valueOf(images), "--batch", String.valueOf(batch), "--out", run.toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("soak-" + model + ".log").toFile()).start();
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), epochs + " short epochs finish");
        assertEquals(0, child.exitValue());
        CsvTable e = RunFiles.epochs(run);
        List<Double> rss = new ArrayList<>();
        for (int r = 0; r < e.rowCount(); r++) {
            rss.add(e.number(r, "rss_mb"));
        }
        double second = rss.get(1);
        double last = rss.get(rss.size() - 1);
        assertTrue(last <= second * 1.10 + 64, model + " RSS per epoch (MB): " + rss + " grows after the second"
                + " epoch");
        assertTrue(e.number(e.rowCount() - 1, "peak_rss_mb") >= last, "peak is at least the current RSS");
    }
}
