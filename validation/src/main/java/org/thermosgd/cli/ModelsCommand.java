package org.thermosgd.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.thermosgd.run.Json;
import org.thermosgd.training.model.ModelCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermosgd models}: the paper's networks with their parameter counts. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the networks and parameter counts.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.write(ModelCatalog.MODELS));
        } else {
            for (ModelCatalog.Entry e : ModelCatalog.MODELS) {
                w.printf("%-6s %,11d parameters  input %-8s %s%s%n", e.name(), e.parameters(), e.input(),
                        e.architecture(), e.trainable() ? "" : " [training not implemented yet]");
            }
        }
        w.flush();
        return 0;
    }
}
