package org.thermosgd.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.thermosgd.run.CsvTable;
import org.thermosgd.training.train.RunFiles;
import picocli.CommandLine;

/** Runs the {@code thermosgd} command line in-process, capturing its exit code, standard output and error. */
final class CommandLineHarness {
    /** What a command did: exit code, standard output, standard error. */
    record Result(int exit, String out, String err) {
    }

    private CommandLineHarness() {
    }

    /** Runs a command that must succeed (exit 0; its standard error in the message otherwise). */
    static Result ok(String... args) {
        Result r = run(args);
        org.junit.jupiter.api.Assertions.assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    /** Runs a command that must fail with exit 1 and one line "thermosgd: error: ..."; returns that line. */
    static String fails(String... args) {
        Result r = run(args);
        org.junit.jupiter.api.Assertions.assertEquals(Thermosgd.EXIT_ERROR, r.exit(), String.join(" ", args));
        org.junit.jupiter.api.Assertions.assertEquals(1, r.err().strip().lines().count(), r.err());
        org.junit.jupiter.api.Assertions.assertTrue(r.err().startsWith("thermosgd: error: "), r.err());
        return r.err();
    }

    /** {@code base} followed by {@code extra}. */
    static String[] with(String[] base, String... extra) {
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    /** A training run's test accuracy per epoch, from its epochs.csv. */
    static java.util.List<Double> testAccuracies(java.nio.file.Path run) throws java.io.IOException {
        CsvTable t = RunFiles.epochs(run);
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            out.add(t.number(r, "test_accuracy"));
        }
        return out;
    }

    static Result run(String... args) {
        CommandLine cl = Thermosgd.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
