package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thermosgd.run.Json;
import org.thermosgd.training.train.WeightFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code thermosgd weights}: a run's weights out to PyTorch (safetensors), a tensor file's contents, an evaluation. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Weights as PyTorch state dicts: export, list, evaluate.",
        subcommands = {WeightsCommand.Export.class, WeightsCommand.Info.class, WeightsCommand.Evaluate.class})
final class WeightsCommand extends CommandGroup {
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a run's parameters under PyTorch's state-dict names and shapes.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RUN_DIR", description = "A training run directory.")
        Path run;

        @Option(names = "--checkpoint", paramLabel = "EPOCH", description = "Epoch (default: the latest).")
        Integer checkpoint;

        @Option(names = "--out", required = true, paramLabel = "FILE.safetensors", description = "Output file.")
        Path out;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            WeightFiles.Export r = WeightFiles.export(run, checkpoint, out);
            PrintWriter w = spec.commandLine().getOut();
            if (json) {
                w.println(Json.write(r));
            } else {
                Map<String, String> meta = r.metadata();
                w.printf("%s: %d tensors of model %s after epoch %s (test accuracy %s), float32, SHA-256 %s%n",
                        r.written(), r.tensors().size(), meta.get("model"), meta.get("epoch"),
                        meta.getOrDefault("test_accuracy", "not recorded"), r.sha256());
            }
            w.flush();
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "List the tensors (name, dtype, shape) and metadata of a .safetensors, .npz or .npy file.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "A .safetensors, .npz or .npy file.")
        Path file;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            WeightFiles.Info r = WeightFiles.info(file);
            PrintWriter w = spec.commandLine().getOut();
            if (json) {
                w.println(Json.write(r));
            } else {
                for (WeightFiles.Tensor t : r.tensors()) {
                    w.printf("%-24s %-5s %-22s %,d elements%n", t.name(), t.dtype(), Arrays.toString(t.shape()),
                            t.elements());
                }
                w.printf("%d tensors, %,d elements; metadata %s%n", r.tensors().size(), r.elements(), r.metadata());
            }
            w.flush();
            return 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Test loss and accuracy of a state dict's weights on a data set's test split.")
    static final class Evaluate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE.safetensors", description = "Weights under PyTorch's state-dict names.")
        Path file;

        @Option(names = "--model", defaultValue = "mlp", description = "mlp, cnn or vgg16 (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--dataset", defaultValue = "mnist",
                description = "mnist, fashion-mnist or cifar10 (default ${DEFAULT-VALUE}).")
        String dataset;

        @Option(names = "--dir", paramLabel = "DIR", description = "Folder holding the data set's files.")
        Path dir;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            WeightFiles.Evaluation r = WeightFiles.evaluate(file, model, dataset, dir, 1000);
            PrintWriter w = spec.commandLine().getOut();
            w.println(json ? Json.write(r) : String.format("%s as %s on the %d %s test images: test accuracy %.4f,"
                    + " test loss %.4f nats/sample (mean cross-entropy)", file, model, r.testImages(), dataset,
                    r.testAccuracy(), r.testLoss()));
            w.flush();
            return 0;
        }
    }
}
