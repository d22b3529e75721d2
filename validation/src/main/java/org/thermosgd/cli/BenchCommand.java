package org.thermosgd.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thermosgd.run.Json;
import org.thermosgd.sde.ensemble.Ensemble;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.integrator.Stepper;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.UnderdampedLangevin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermosgd bench}: throughput measurements that bench/ scripts compare with reference implementations. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput benchmarks (bench/ compares them with references).",
        subcommands = {BenchCommand.SdeEm.class, BenchCommand.SgdReplay.class, BenchCommand.PerSample.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

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
            double[] h = new double[dim];
            for (int i = 0; i < dim; i++) {
                h[i] = 0.5 + 1.5 * i / Math.max(1, dim - 1);
            }
            UnderdampedLangevin p = UnderdampedLangevin.atTemperature(QuadraticPotential.diagonal(h), 1.0, 1.0);
            double dt = 0.01;
            double[] times = new double[repeats];
            double checksum = 0;
            for (int r = -1; r < repeats; r++) {
                long t0 = System.nanoTime();
                List<Double> ends = Ensemble.run(paths, threads, seed + r, (i, rng) -> {
                    Stepper s = EulerMaruyama.create().stepper(p, dt, rng);
                    double[] y = new double[2 * dim];
                    for (int k = 0; k < steps; k++) {
                        s.step(k * dt, y);
                    }
                    return y[0];
                });
                double sec = (System.nanoTime() - t0) / 1e9;
                if (r >= 0) {
                    times[r] = sec;
                    checksum = ends.stream().mapToDouble(Double::doubleValue).sum();
                }
            }
            java.util.Arrays.sort(times);
            double median = times[repeats / 2];
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("implementation", "thermosgd EulerMaruyama (path-major, XoRoShiRo128++ + ziggurat)");
            out.put("dim", dim);
            out.put("paths", paths);
            out.put("steps", steps);
            out.put("threads", threads);
            out.put("medianSeconds", median);
            out.put("bestSeconds", times[0]);
            out.put("pathStepsPerSecond", (double) paths * steps / median);
            out.put("bestPathStepsPerSecond", (double) paths * steps / times[0]);
            out.put("checksum", checksum);
            PrintWriter w = spec.commandLine().getOut();
            w.println(Json.write(out));
            w.flush();
            return 0;
        }
    }

    /** Little-endian float32 / int32 / float64 files for the Python side of the benches. */
    static void writeFloats(java.nio.file.Path file, float[] v) throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        org.thermosgd.run.AtomicFiles.write(file, b.array());
    }

    static void writeInts(java.nio.file.Path file, int[] v) throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        org.thermosgd.run.AtomicFiles.write(file, b.array());
    }

    static void writeDoubles(java.nio.file.Path file, double[] v) throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(v);
        org.thermosgd.run.AtomicFiles.write(file, b.array());
    }

    @Command(name = "sgd-replay", mixinStandardHelpOptions = true,
            description = "K training steps of Model 1 on MNIST, saving initial and final parameters, batches and"
                    + " factors, so bench/train_mlp.py can replay them in PyTorch.")
    static final class SgdReplay implements Callable<Integer> {
        @Spec
        CommandSpec spec;

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

        @Option(names = "--seed", defaultValue = "1", description = "Seed.")
        long seed;

        @Option(names = "--out", required = true, description = "Output folder.")
        java.nio.file.Path out;

        @Override
        public Integer call() throws java.io.IOException {
            org.thermosgd.training.train.Trainer.useThreads(1);
            org.thermosgd.training.data.Dataset data = org.thermosgd.training.data.Mnist.load(null,
                    org.thermosgd.training.data.DataHome.fromEnvironment());
            org.thermosgd.training.model.Network net = org.thermosgd.training.model.ModelCatalog.create("mlp", seed);
            org.thermosgd.training.optim.MomentumSgd opt = org.thermosgd.training.optim.MomentumSgd.of(
                    org.thermosgd.sde.sgd.UpdateForm.parse(form), lr, momentum, weightDecay, net.parameterCount());
            org.thermosgd.training.protocol.LearningRateProtocol p =
                    org.thermosgd.training.protocol.LearningRateProtocol.parse(protocol, seed);
            java.nio.file.Files.createDirectories(out);
            writeFloats(out.resolve("init.f32"), net.params().toFloatVector());
            int[] perm = org.thermosgd.training.train.Trainer.permutation(seed, 0, data.train().size());
            int[] indices = new int[steps * batch];
            double[] factors = new double[steps];
            org.nd4j.linalg.api.ndarray.INDArray grad = org.nd4j.linalg.factory.Nd4j.create(
                    org.nd4j.linalg.api.buffer.DataType.FLOAT, net.parameterCount());
            for (int k = 0; k < steps; k++) {
                int[] bi = java.util.Arrays.copyOfRange(perm, k * batch, (k + 1) * batch);
                System.arraycopy(bi, 0, indices, k * batch, batch);
                int[] bl = new int[batch];
                for (int i = 0; i < batch; i++) {
                    bl[i] = data.train().label(bi[i]);
                }
                net.lossAndGradient(data.train().images(bi), bl, batch, grad);
                factors[k] = p.factor(k, 0, (double) k / steps);
                opt.step(net.params(), grad, factors[k]);
            }
            writeInts(out.resolve("batches.i32"), indices);
            writeDoubles(out.resolve("factors.f64"), factors);
            writeFloats(out.resolve("final.f32"), net.params().toFloatVector());
            org.thermosgd.run.Json.writeAtomically(out.resolve("meta.json"), java.util.Map.of("form", form, "lr", lr,
                    "momentum", momentum, "weightDecay", weightDecay, "batch", batch, "steps", steps, "seed", seed,
                    "protocol", protocol));
            return 0;
        }
    }

    @Command(name = "per-sample", mixinStandardHelpOptions = true,
            description = "Per-sample gradients of Model 1 on MNIST: samples per second.")
    static final class PerSample implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--samples", defaultValue = "4096", description = "Samples per timed run.")
        int samples;

        @Option(names = "--block", defaultValue = "256", description = "Samples per block.")
        int block;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed runs after one warm-up.")
        int repeats;

        @Override
        public Integer call() throws java.io.IOException {
            org.thermosgd.training.train.Trainer.useThreads(1);
            org.thermosgd.training.data.Dataset data = org.thermosgd.training.data.Mnist.load(null,
                    org.thermosgd.training.data.DataHome.fromEnvironment());
            org.thermosgd.training.model.Network net = org.thermosgd.training.model.ModelCatalog.create("mlp", 1L);
            double[] times = new double[repeats];
            double checksum = 0;
            for (int r = -1; r < repeats; r++) {
                long t0 = System.nanoTime();
                for (int start = 0; start < samples; start += block) {
                    int size = Math.min(block, samples - start);
                    int[] bi = new int[size];
                    int[] bl = new int[size];
                    for (int i = 0; i < size; i++) {
                        bi[i] = start + i;
                        bl[i] = data.train().label(start + i);
                    }
                    float[] g = net.perSampleGradients(data.train().images(bi), bl, size);
                    checksum += g[g.length - 1];
                }
                if (r >= 0) {
                    times[r] = (System.nanoTime() - t0) / 1e9;
                }
            }
            java.util.Arrays.sort(times);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("implementation", "thermosgd Mlp.perSampleGradients (outer products, float32, 1 thread)");
            o.put("samples", samples);
            o.put("block", block);
            o.put("samplesPerSecond", samples / times[repeats / 2]);
            o.put("bestSamplesPerSecond", samples / times[0]);
            o.put("checksum", checksum);
            spec.commandLine().getOut().println(Json.write(o));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
