package org.thermosgd.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code thermosgd} command line in-process, capturing its exit code, standard output and error. */
final class CommandLineHarness {
    /** What a command did: exit code, standard output, standard error. */
    record Result(int exit, String out, String err) {
    }

    private CommandLineHarness() {
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
