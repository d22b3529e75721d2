package org.thermosgd.validation.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.Json;
import org.thermosgd.sde.ensemble.PathDriver;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.UnderdampedLangevin;
import org.thermosgd.sde.sgd.UpdateForm;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.Mnist;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.model.Network;
import org.thermosgd.training.optim.MomentumSgd;
import org.thermosgd.training.protocol.LearningRateProtocol;
import org.thermosgd.training.train.Trainer;

/**
 * Throughput measurements and replay files for the scripts in {@code bench/}, which compare them with reference
 * implementations measured in the same run: Euler-Maruyama path-steps per second, Model 1 training steps saved for
 * replay in PyTorch, per-sample gradients per second.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    /**
     * Euler-Maruyama for underdamped Langevin on a diagonal quadratic (curvatures 0.5..2, gamma 1, T 1, dt 0.01):
     * {@code repeats} timed runs after one warm-up; median and best path-steps per second.
     */
    public static Map<String, Object> eulerMaruyama(int dim, int paths, int steps, int threads, int repeats,
                                                    long seed) {
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
            List<Double> ends = PathDriver.run(paths, threads, seed + r, (i, rng) -> EulerMaruyama.create()
                    .stepper(p, dt, rng), i -> new double[2 * dim], new PathDriver.Schedule(0, steps, dt),
                    () -> new PathDriver.Observer<Double>() {
                        private double last;

                        @Override
                        public void measure(long k, double[] y) {
                            last = y[0];
                        }

                        @Override
                        public Double result() {
                            return last;
                        }
                    });
            double sec = (System.nanoTime() - t0) / 1e9;
            if (r >= 0) {
                times[r] = sec;
                checksum = ends.stream().mapToDouble(Double::doubleValue).sum();
            }
        }
        Arrays.sort(times);
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
        return out;
    }

    /**
     * K training steps of Model 1 on MNIST, saving the initial and final parameters (float32), the batches' sample
     * indices (int32) and step factors (float64), little-endian, and meta.json, so bench/train_mlp.py can replay them.
     */
    public static void sgdReplay(UpdateForm form, String protocol, double lr, double momentum, double weightDecay,
                                 int batch, int steps, long seed, Path out) throws IOException {
        Trainer.useThreads(1);
        Dataset data = Mnist.load(null, DataHome.fromEnvironment());
        Network net = ModelCatalog.create("mlp", seed);
        MomentumSgd opt = MomentumSgd.of(form, lr, momentum, weightDecay, net.parameterCount());
        LearningRateProtocol p = LearningRateProtocol.parse(protocol);
        Files.createDirectories(out);
        writeFloats(out.resolve("init.f32"), net.params().toFloatVector());
        int[] perm = Trainer.permutation(seed, 0, data.train().size());
        int[] indices = new int[steps * batch];
        double[] factors = new double[steps];
        INDArray grad = Nd4j.create(DataType.FLOAT, net.parameterCount());
        for (int k = 0; k < steps; k++) {
            int[] bi = Arrays.copyOfRange(perm, k * batch, (k + 1) * batch);
            System.arraycopy(bi, 0, indices, k * batch, batch);
            int[] bl = new int[batch];
            for (int i = 0; i < batch; i++) {
                bl[i] = data.train().label(bi[i]);
            }
            net.lossAndGradient(data.train().images(bi), bl, batch, grad);
            factors[k] = p.factor(seed, k, 0, (double) k / steps);
            opt.step(net.params(), grad, factors[k]);
        }
        ByteBuffer ints = ByteBuffer.allocate(indices.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        ints.asIntBuffer().put(indices);
        AtomicFiles.write(out.resolve("batches.i32"), ints.array());
        ByteBuffer doubles = ByteBuffer.allocate(factors.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        doubles.asDoubleBuffer().put(factors);
        AtomicFiles.write(out.resolve("factors.f64"), doubles.array());
        writeFloats(out.resolve("final.f32"), net.params().toFloatVector());
        Json.writeAtomically(out.resolve("meta.json"), Map.of("form", form.id(), "lr", lr, "momentum", momentum,
                "weightDecay", weightDecay, "batch", batch, "steps", steps, "seed", seed, "protocol", protocol));
    }

    private static void writeFloats(Path file, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        AtomicFiles.write(file, b.array());
    }

    /** Per-sample gradients of Model 1 on MNIST's first {@code samples} images: median and best samples/s. */
    public static Map<String, Object> perSample(int samples, int block, int repeats) throws IOException {
        Trainer.useThreads(1);
        Dataset data = Mnist.load(null, DataHome.fromEnvironment());
        Network net = ModelCatalog.create("mlp", 1L);
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
        Arrays.sort(times);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("implementation", "thermosgd Mlp.perSampleGradients (outer products, float32, 1 thread)");
        o.put("samples", samples);
        o.put("block", block);
        o.put("samplesPerSecond", samples / times[repeats / 2]);
        o.put("bestSamplesPerSecond", samples / times[0]);
        o.put("checksum", checksum);
        return o;
    }
}
