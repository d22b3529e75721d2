package org.thermosgd.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.CsvTable;
import org.thermosgd.sde.sgd.UpdateForm;

/** The trainer's typed rows: their CSV headers (unchanged), CSV round trips and checkpoint-header rows. */
class TrainerRowsTest {
    @TempDir
    Path tmp;

    private static final IterationRow IT = new IterationRow(12, 2, 2.2915822634376033, 1.5, 0.0075,
            2.939991044812256E-6);
    private static final EpochRow EP = new EpochRow(2, 24, 2.1493976189841586, 0.67, 2.1553485124817096, 0.6367,
            6.087826728820801, 0.02115619, 141802.47010449425, 0.08341828, 427.200512, Double.NaN);

    @Test
    void csvHeadersAndCellsAsBefore() throws Exception {
        Path it = tmp.resolve("iterations.csv");
        IterationRow.table(UpdateForm.TORCH_NESTEROV, List.of(IT)).writeAtomically(it);
        assertEquals(List.of("iteration[1],epoch[1],loss[nats/sample],factor[1],lr[1],buffer_sq_mean[grad^2]",
                "12,2,2.2915822634376033,1.5,0.0075,2.939991044812256E-6"), Files.readAllLines(it));
        assertEquals("velocity_sq_mean", IterationRow.stateColumn(UpdateForm.PAPER));
        assertEquals("buffer_sq_mean", IterationRow.stateColumn(UpdateForm.TORCH));
        Path ep = tmp.resolve("epochs.csv");
        EpochRow.table(List.of(EP)).writeAtomically(ep);
        assertEquals(List.of("epoch[1],iteration[1],train_loss[nats/sample],train_accuracy[fraction],"
                + "test_loss[nats/sample],test_accuracy[fraction],param_norm[L2],train_seconds[s],"
                + "samples_per_second[1/s],wall_seconds[s],rss_mb[MB],peak_rss_mb[MB]",
                "2,24,2.1493976189841586,0.67,2.1553485124817096,0.6367,6.087826728820801,0.02115619,"
                        + "141802.47010449425,0.08341828,427.200512,NaN"), Files.readAllLines(ep));
    }

    /** Rows read back from a CSV up to an epoch, with either state column and with or without memory columns. */
    @Test
    void csvRoundTripUpToAnEpoch() throws Exception {
        IterationRow first = new IterationRow(0, 1, 2.3, 1, 0.005, 1e-6);
        for (UpdateForm form : UpdateForm.values()) {
            Path it = tmp.resolve(form.id() + ".csv");
            IterationRow.table(form, List.of(first, IT)).writeAtomically(it);
            assertEquals(List.of(first, IT), IterationRow.read(CsvTable.read(it), 2));
            assertEquals(List.of(first), IterationRow.read(CsvTable.read(it), 1));
        }
        Path ep = tmp.resolve("epochs.csv");
        EpochRow.table(List.of(EP)).writeAtomically(ep);
        assertEquals(List.of(EP), EpochRow.read(CsvTable.read(ep), 2));
        assertEquals(List.of(), EpochRow.read(CsvTable.read(ep), 1));
        Path old = tmp.resolve("old-epochs.csv");
        List<String> lines = Files.readAllLines(ep);
        Files.write(old, lines.stream().map(l -> l.substring(0, l.lastIndexOf(',', l.lastIndexOf(',') - 1)))
                .toList());
        EpochRow noMemory = EpochRow.read(CsvTable.read(old), 2).get(0);
        assertEquals(Double.NaN, noMemory.rssMb());
        assertEquals(EP.trainLoss(), noMemory.trainLoss());
    }

    /** The header keys are the CSV column names (the state as state_sq_mean), as before the rows were typed. */
    @Test
    void checkpointHeaderRows() {
        assertEquals(List.of("iteration", "epoch", "loss", "factor", "lr", "state_sq_mean"),
                List.copyOf(IT.toJson().keySet()));
        assertEquals(IT, IterationRow.fromJson(IT.toJson()));
        assertEquals(List.of("epoch", "iteration", "train_loss", "train_accuracy", "test_loss", "test_accuracy",
                "param_norm", "train_seconds", "samples_per_second", "wall_seconds", "rss_mb", "peak_rss_mb"),
                List.copyOf(EP.toJson().keySet()));
        // as Jackson reads a header back: integers as Integer, NaN as a string; memory absent in older ones
        Map<String, Object> read = Map.ofEntries(Map.entry("epoch", 2), Map.entry("iteration", 24),
                Map.entry("train_loss", 2.1493976189841586), Map.entry("train_accuracy", 0.67),
                Map.entry("test_loss", 2.1553485124817096), Map.entry("test_accuracy", 0.6367),
                Map.entry("param_norm", 6.087826728820801), Map.entry("train_seconds", 0.02115619),
                Map.entry("samples_per_second", 141802.47010449425), Map.entry("wall_seconds", 0.08341828),
                Map.entry("rss_mb", 427.200512), Map.entry("peak_rss_mb", "NaN"));
        assertEquals(EP, EpochRow.fromJson(read));
        Map<String, Object> older = new HashMap<>(read);
        older.remove("rss_mb");
        older.remove("peak_rss_mb");
        assertEquals(Double.NaN, EpochRow.fromJson(older).peakRssMb());
        older.put("test_accuracy", "high");
        assertThrows(IllegalArgumentException.class, () -> EpochRow.fromJson(older));
        assertThrows(IllegalArgumentException.class, () -> IterationRow.fromJson(Map.of("iteration", 1.5)));
    }
}
