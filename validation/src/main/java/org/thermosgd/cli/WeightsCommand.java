package org.thermosgd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.thermosgd.training.train.WeightFiles;
import org.thermosgd.validation.text.WeightsText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code thermosgd weights}: a run's weights out to PyTorch (safetensors), a tensor file's contents, an evaluation. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Weights as PyTorch state dicts: export, list, evaluate.",
        subcommands = {WeightsCommand.Export.class, WeightsCommand.Info.class, WeightsCommand.Evaluate.class})
final class WeightsCommand extends CommandGroup {
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a run's parameters under PyTorch's state-dict names and shapes.")
    static final class Export implements Callable<Integer> {
        @Parameters(paramLabel = "RUN_DIR", description = "A training run directory.")
        Path run;

        @Option(names = "--checkpoint", paramLabel = "EPOCH", description = "Epoch (default: the latest).")
        Integer checkpoint;

        @Option(names = "--out", required = true, paramLabel = "FILE.safetensors", description = "Output file.")
        Path out;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws IOException {
            return json.print(WeightFiles.export(run, checkpoint, out), WeightsText::export);
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "List the tensors (name, dtype, shape) and metadata of a .safetensors, .npz or .npy file.")
    static final class Info implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "A .safetensors, .npz or .npy file.")
        Path file;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws IOException {
            return json.print(WeightFiles.info(file), WeightsText::info);
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Test loss and accuracy of a state dict's weights on a data set's test split.")
    static final class Evaluate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.safetensors", description = "Weights under PyTorch's state-dict names.")
        Path file;

        @Option(names = "--model", defaultValue = "mlp", description = "mlp, cnn or vgg16 (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--dataset", defaultValue = "mnist",
                description = "mnist, fashion-mnist or cifar10 (default ${DEFAULT-VALUE}).")
        String dataset;

        @Option(names = "--dir", paramLabel = "DIR", description = "Folder holding the data set's files.")
        Path dir;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws IOException {
            return json.print(WeightFiles.evaluate(file, model, dataset, dir, 1000),
                    r -> WeightsText.evaluation(file, model, dataset, r));
        }
    }
}
