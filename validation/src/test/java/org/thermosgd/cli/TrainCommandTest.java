package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Json;
import org.thermosgd.training.protocol.LearningRateProtocol;
import org.thermosgd.training.train.Checkpoint;
import org.thermosgd.training.train.RunFiles;

@Tag("slow")
class TrainCommandTest {
    @TempDir
    Path tmp;

    /** {@code settings} with --stop-after-epochs N: the run stops as if killed after epoch N. */
    static String[] stopAfter(String[] settings, int epochs) {
        return CommandLineHarness.with(settings, "--stop-after-epochs", Integer.toString(epochs));
    }

    static CommandLineHarness.Result train(Path out, String... extra) {
        return CommandLineHarness.run(CommandLineHarness.with(new String[] {"train", "--model", "mlp", "--dataset",
                "mnist", "--out", out.toString(), "--json"}, extra));
    }

    /** The acceptance run: PyTorch reaches 0.896-0.898 test accuracy with these settings after 2 epochs. */
    @Test
    void defaultMlpRunReachesPyTorchAccuracyWithinOnePoint() throws Exception {
        Path out = tmp.resolve("full");
        CommandLineHarness.Result r = train(out, "--protocol", "constant", "--lr", "0.005", "--batch", "256",
                "--momentum", "0.9", "--form", "torch-nesterov", "--epochs", "2", "--seed", "1");
        assertEquals(0, r.exit(), r.err());
        JsonNode s = Json.mapper().readTree(r.out());
        double acc = s.get("finalTestAccuracy").asDouble();
        assertTrue(acc > 0.886 && acc < 0.908, "test accuracy " + acc);
        for (String f : new String[] {"config.json", "provenance.json", "iterations.csv", "epochs.csv",
                RunFiles.CHECKPOINT, "summary.json"}) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        assertEquals(470, CsvTable.read(out.resolve("iterations.csv")).rowCount());
        for (String f : new String[] {"loss", "accuracy", "minibatch-loss"}) {
            for (String ext : new String[] {".png", ".svg", ".pdf", ".csv", ".figure.json"}) {
                assertTrue(Files.size(out.resolve("figures").resolve(f + ext)) > 0, f + ext);
            }
        }
        Files.delete(out.resolve("figures").resolve("loss.png"));
        CommandLineHarness.Result again = CommandLineHarness.run("figures", out.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("3 figure(s) re-rendered"), again.out());
        assertTrue(Files.size(out.resolve("figures").resolve("loss.png")) > 0);
        assertEquals("COMPLETED", Json.mapper().readTree(out.resolve("provenance.json").toFile()).get("status")
                .asText());
        JsonNode command = Json.mapper().readTree(out.resolve("provenance.json").toFile()).get("command");
        assertEquals("thermosgd train --model mlp", command.get(0).asText() + " " + command.get(1).asText() + " "
                + command.get(2).asText() + " " + command.get(3).asText(), "the command that reproduces the run");
    }

    /** Killed after epoch 1 and resumed: same parameters and metrics as the uninterrupted run. */
    @Test
    void resumedRunEqualsTheUninterruptedOne() throws Exception {
        String[] settings = {"--protocol", "random", "--form", "paper-nesterov", "--lr", "0.02", "--momentum", "0.5",
                "--weight-decay", "0.001", "--epochs", "3", "--seed", "7", "--train-subset", "3000", "--batch", "100"};
        Path a = tmp.resolve("a");
        assertEquals(0, train(a, settings).exit());
        Path b = tmp.resolve("b");
        String[] stopped = stopAfter(settings, 1);
        CommandLineHarness.Result first = train(b, stopped);
        assertEquals(0, first.exit(), first.err());
        assertEquals("INTERRUPTED", Json.mapper().readTree(b.resolve("provenance.json").toFile()).get("status")
                .asText());
        assertEquals(1, Checkpoint.read(b.resolve(RunFiles.CHECKPOINT)).epochsCompleted());
        CommandLineHarness.Result resumed = CommandLineHarness.run("train", "--resume", b.toString(), "--json");
        assertEquals(0, resumed.exit(), resumed.err());

        Checkpoint ca = Checkpoint.read(a.resolve(RunFiles.CHECKPOINT));
        Checkpoint cb = Checkpoint.read(b.resolve(RunFiles.CHECKPOINT));
        assertEquals(3, cb.epochsCompleted());
        double maxDiff = 0;
        for (int i = 0; i < ca.params().length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(ca.params()[i] - cb.params()[i]));
        }
        assertTrue(maxDiff <= 1e-6, "parameters differ by " + maxDiff);
        CsvTable ea = CsvTable.read(a.resolve("epochs.csv"));
        CsvTable eb = CsvTable.read(b.resolve("epochs.csv"));
        for (int r = 0; r < 3; r++) {
            for (String col : new String[] {"train_loss", "train_accuracy", "test_loss", "test_accuracy"}) {
                assertEquals(ea.number(r, col), eb.number(r, col), 1e-9, col + " epoch " + (r + 1));
            }
        }
        CsvTable ib = CsvTable.read(b.resolve("iterations.csv"));
        assertEquals(CsvTable.read(a.resolve("iterations.csv")).rowCount(), ib.rowCount());
        assertEquals("COMPLETED", Json.mapper().readTree(b.resolve("provenance.json").toFile()).get("status")
                .asText());
    }

    /** Every protocol drives the recorded factor exactly as its pure function says. */
    @ParameterizedTest
    @ValueSource(strings = {"constant", "random", "random-max", "cyclic:2", "cyclic-iter:2"})
    void recordedFactorsFollowTheProtocol(String protocol) throws Exception {
        Path out = tmp.resolve("p");
        CommandLineHarness.Result r = train(out, "--protocol", protocol, "--epochs", "2", "--train-subset", "1000",
                "--batch", "100", "--seed", "5");
        assertEquals(0, r.exit(), r.err());
        LearningRateProtocol p = LearningRateProtocol.parse(protocol);
        CsvTable it = CsvTable.read(out.resolve("iterations.csv"));
        assertEquals(20, it.rowCount());
        for (int row = 0; row < 20; row++) {
            int epoch = row / 10;
            double expected = p.factor(5, row, epoch, epoch + (row % 10) / 10.0);
            assertEquals(expected, it.number(row, "factor"), 1e-15, protocol + " iteration " + row);
            assertEquals(0.005 * expected, it.number(row, "lr"), 1e-15);
        }
        JsonNode config = Json.mapper().readTree(out.resolve("config.json").toFile());
        assertTrue(config.get("protocolConvention").asText().startsWith("s "), config.toString());
    }

    @Test
    void divergenceStopsWithAClearMessage() throws Exception {
        Path out = tmp.resolve("nan");
        CommandLineHarness.Result r = train(out, "--lr", "1e6", "--epochs", "1", "--train-subset", "2000");
        assertEquals(Thermosgd.EXIT_ERROR, r.exit());
        assertTrue(r.err().contains("non-finite loss"), r.err());
        assertEquals("FAILED", Json.mapper().readTree(out.resolve("provenance.json").toFile()).get("status")
                .asText());
    }

    /** A bad value is refused before anything is written, naming the option, the value and what was expected. */
    @Test
    void badValuesNameTheirOption() {
        Path out = tmp.resolve("bad");
        CommandLineHarness.Result lr = train(out, "--lr", "0");
        assertEquals(Thermosgd.EXIT_ERROR, lr.exit());
        assertTrue(lr.err().contains("--lr 0.0: expected finite and > 0"), lr.err());
        CommandLineHarness.Result mu = train(out, "--momentum", "1");
        assertTrue(mu.err().contains("--momentum 1.0: expected in [0, 1)"), mu.err());
        CommandLineHarness.Result p = train(out, "--protocol", "cyclic:0");
        assertTrue(p.err().contains("--protocol cyclic:0") && p.err().contains("positive"), p.err());
        assertTrue(!Files.exists(out), "nothing written for a refused configuration");
    }

    /**
     * Killed before its first epoch ended (no checkpoint, no metrics): --resume restarts it from its recorded
     * configuration and seed, and it ends as the uninterrupted run does; killed while writing its final figures
     * (every epoch done, no summary, a figure missing, a temporary file left, status RUNNING): --resume finishes what
     * the end owes and removes the temporary file.
     */
    @Test
    void resumeHasNoDeadEnds() throws Exception {
        String[] settings = {"--epochs", "2", "--train-subset", "1000", "--batch", "100", "--seed", "3"};
        Path a = tmp.resolve("a");
        assertEquals(0, train(a, settings).exit());
        Path b = tmp.resolve("b");
        String[] stopped = stopAfter(settings, 1);
        assertEquals(0, train(b, stopped).exit());
        for (String f : new String[] {RunFiles.CHECKPOINT, "epochs.csv", "iterations.csv", "summary.json"}) {
            Files.deleteIfExists(b.resolve(f));
        }
        try (var snaps = Files.list(b.resolve(RunFiles.SNAPSHOTS))) {
            for (Path p : snaps.toList()) {
                Files.delete(p);
            }
        }
        CommandLineHarness.Result fresh = CommandLineHarness.run("train", "--resume", b.toString(), "--json");
        assertEquals(0, fresh.exit(), fresh.err());
        assertEquals(CommandLineHarness.testAccuracies(a),
                CommandLineHarness.testAccuracies(b),
                "test accuracy per epoch");

        Files.delete(a.resolve("summary.json"));
        Files.delete(a.resolve("figures").resolve("loss.png"));
        Path stale = a.resolve("figures").resolve(".accuracy.svg.123456789.tmp");
        Files.writeString(stale, "half");
        String prov = Files.readString(a.resolve("provenance.json"));
        Files.writeString(a.resolve("provenance.json"), prov.replace("\"COMPLETED\"", "\"RUNNING\""));
        CommandLineHarness.Result end = CommandLineHarness.run("train", "--resume", a.toString(), "--json");
        assertEquals(0, end.exit(), end.err());
        assertTrue(Files.exists(a.resolve("summary.json")) && Files.size(a.resolve("figures").resolve("loss.png")) > 0);
        assertTrue(!Files.exists(stale), "stale temporary file removed");
        assertEquals("COMPLETED", Json.mapper().readTree(a.resolve("provenance.json").toFile()).get("status")
                .asText());
    }

    /**
     * A few flipped bytes in checkpoint.bin are caught by its SHA-256: --resume refuses with one line naming the file
     * and the way out; --resume --from-snapshot continues from the newest intact epoch snapshot and ends as the
     * uninterrupted run does.
     */
    @Test
    void damagedCheckpointIsRefusedAndSnapshotsRecover() throws Exception {
        String[] settings = {"--epochs", "3", "--train-subset", "1000", "--batch", "100", "--seed", "4",
                "--protocol", "random"};
        Path a = tmp.resolve("a");
        assertEquals(0, train(a, settings).exit());
        Path b = tmp.resolve("b");
        String[] stopped = stopAfter(settings, 2);
        assertEquals(0, train(b, stopped).exit());
        Path ck = b.resolve(RunFiles.CHECKPOINT);
        byte[] bytes = Files.readAllBytes(ck);
        for (int i = 0; i < 4; i++) {
            bytes[bytes.length / 2 + 97 * i] ^= 0x5A;
        }
        Files.write(ck, bytes);
        CommandLineHarness.Result refused = CommandLineHarness.run("train", "--resume", b.toString());
        assertEquals(Thermosgd.EXIT_ERROR, refused.exit());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains(ck + ": damaged checkpoint") && refused.err().contains("--from-snapshot"),
                refused.err());
        CommandLineHarness.Result recovered = CommandLineHarness.run("train", "--resume", b.toString(),
                "--from-snapshot", "--json");
        assertEquals(0, recovered.exit(), recovered.err());
        assertEquals(CommandLineHarness.testAccuracies(a),
                CommandLineHarness.testAccuracies(b),
                "test accuracy per epoch after recovering from the epoch-2 snapshot");
        assertEquals(CsvTable.read(a.resolve("iterations.csv")).rowCount(),
                CsvTable.read(b.resolve("iterations.csv")).rowCount());
    }
}
