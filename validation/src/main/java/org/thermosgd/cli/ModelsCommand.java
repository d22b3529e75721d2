package org.thermosgd.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.model.NetworkSpec;
import org.thermosgd.validation.text.DataText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        if (model == null) {
            return json.print(ModelCatalog.MODELS, m -> DataText.models());
        }
        NetworkSpec s = ModelCatalog.spec(model);
        PrintWriter w = spec.commandLine().getOut();
        w.print(json.json ? s.toJson() : s.describe());
        w.flush();
        return 0;
    }
}
