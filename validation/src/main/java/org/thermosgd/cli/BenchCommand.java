package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.thermosgd.run.Json;
import org.thermosgd.sde.sgd.UpdateForm;
import org.thermosgd.validation.bench.Benchmarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermosgd bench}: throughput measurements that bench/ scripts compare with reference implementations. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput benchmarks (bench/ compares them with references).",
        subcommands = {BenchCommand.SdeEm.class, BenchCommand.SgdReplay.class, BenchCommand.PerSample.class,
                BenchCommand.Train.class})
final class BenchCommand extends CommandGroup {
    @Command(name = "sde-em", mixinStandardHelpOptions = true,
            description = "Euler-Maruyama for underdamped Langevin on a diagonal quadratic: path-steps per second.")
    static final class SdeEm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dim", defaultValue = "1000", description = "Dimension n (default ${DEFAULT-VALUE}).")
        int dim;

        @Option(names = "--paths", defaultValue = "1000", description = "Paths M (default ${DEFAULT-VALUE}).")
        int paths;

        @Option(names = "--steps", defaultValue = "200", description = "Steps per path (default ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--threads", defaultValue = "1", description = "Threads (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--repeats", defaultValue = "3",
                description = "Timed repeats after one warm-up; the median is reported (default ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            PrintWriter w = spec.commandLine().getOut();
            w.println(Json.write(Benchmarks.eulerMaruyama(dim, paths, steps, threads, repeats, seed)));
            w.flush();
            return 0;
        }
    }

    @Command(name = "sgd-replay", mixinStandardHelpOptions = true,
            description = "K training steps, saving initial and final parameters, batches and factors, so bench/"
                    + " scripts can replay them in PyTorch.")
    static final class SgdReplay implements Callable<Integer> {
        @Option(names = "--model", defaultValue = "mlp", description = "mlp, cnn or vgg16 (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--form", defaultValue = "torch-nesterov", description = "Update form.")
        String form;

        @Option(names = "--protocol", defaultValue = "random", description = "Learning-rate protocol.")
        String protocol;

        @Option(names = "--lr", defaultValue = "0.05", description = "Learning rate.")
        double lr;

        @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum.")
        double momentum;

        @Option(names = "--weight-decay", defaultValue = "0.001", description = "Weight decay.")
        double weightDecay;

        @Option(names = "--batch", defaultValue = "64", description = "Batch size.")
        int batch;

        @Option(names = "--steps", defaultValue = "20", description = "Steps K.")
        int steps;

        @Option(names = "--uniform-images", description = "Seeded uniform random images instead of MNIST's (no"
                + " exact ties for max pooling to break).")
        boolean uniformImages;

        @Option(names = "--seed", defaultValue = "1", description = "Seed.")
        long seed;

        @Option(names = "--out", required = true, description = "Output folder.")
        Path out;

        @Override
        public Integer call() throws IOException {
            Benchmarks.sgdReplay(model, UpdateForm.parse(form), protocol, lr, momentum, weightDecay, batch, steps, seed,
                    uniformImages, out);
            return 0;
        }
    }

    @Command(name = "per-sample", mixinStandardHelpOptions = true,
            description = "Per-sample gradients: samples per second.")
    static final class PerSample implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--model", defaultValue = "mlp", description = "mlp, cnn or vgg16 (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--samples", defaultValue = "4096", description = "Samples per timed run.")
        int samples;

        @Option(names = "--block", defaultValue = "256", description = "Samples per block.")
        int block;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed runs after one warm-up.")
        int repeats;

        @Override
        public Integer call() throws IOException {
            spec.commandLine().getOut().println(Json.write(Benchmarks.perSample(model, samples, block, repeats)));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training steps per second of a model (forward, backward, update), with peak RSS.")
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--model", defaultValue = "cnn", description = "mlp, cnn or vgg16 (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--batch", defaultValue = "256", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--steps", defaultValue = "20", description = "Steps per timed run (default ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--repeats", defaultValue = "3", description = "Timed runs after one warm-up.")
        int repeats;

        @Option(names = "--threads", defaultValue = "1", description = "Native threads (default ${DEFAULT-VALUE}).")
        int threads;

        @Override
        public Integer call() throws IOException {
            spec.commandLine().getOut().println(Json.write(Benchmarks.trainSteps(model, batch, steps, repeats,
                    threads)));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
