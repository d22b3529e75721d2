package org.thermosgd.cli;

import java.io.PrintWriter;
import java.util.function.Function;
import org.thermosgd.run.Json;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --json}: a command prints its result record as JSON instead of its text. */
final class JsonOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    /** Prints {@code result} as JSON, or the text {@code text} makes of it; returns the exit code 0. */
    <T> int print(T result, Function<T, String> text) {
        PrintWriter w = spec.commandLine().getOut();
        w.println(json ? Json.write(result) : text.apply(result));
        w.flush();
        return 0;
    }
}
