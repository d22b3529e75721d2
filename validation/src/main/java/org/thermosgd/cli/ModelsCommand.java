package org.thermosgd.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.thermosgd.run.Json;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.model.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code thermosgd models [MODEL]}: the built-in networks with their parameter counts; with a model name or a
 * specification FILE.json, its layers, output shapes and parameter counts (with {@code --json}, the specification
 * with every size written out, a template for a network of one's own).
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the networks, or print one network's layers and shapes.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "MODEL", description = "cnn, vgg16 or a specification FILE.json.")
    String model;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        if (model != null) {
            NetworkSpec s = ModelCatalog.spec(model);
            w.print(json ? s.toJson() : s.describe());
        } else if (json) {
            w.println(Json.write(ModelCatalog.MODELS));
        } else {
            for (ModelCatalog.Entry e : ModelCatalog.MODELS) {
                w.printf("%-6s %,11d parameters  input %-8s %s%s%n", e.name(), e.parameters(), e.input(),
                        e.architecture(), e.trainable() ? "" : " [training not implemented yet]");
            }
            w.println("thermosgd models cnn prints a network's layers; thermosgd models cnn --json its specification,"
                    + " a template for train --model FILE.json");
        }
        w.flush();
        return 0;
    }
}
