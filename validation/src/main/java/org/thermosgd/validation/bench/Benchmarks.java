package org.thermosgd.validation.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.Json;
import org.thermosgd.run.ProcessMemory;
import org.thermosgd.sde.ensemble.PathDriver;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.UnderdampedLangevin;
import org.thermosgd.sde.sgd.UpdateForm;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.data.Mnist;
import org.thermosgd.training.engine.NativeThreads;
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
    /**
     * Euler-Maruyama throughput (JSON fields in alphabetical order).
     *
     * @param implementation what was timed, in words
     * @param dim coordinates per path
     * @param paths paths
     * @param steps steps per path
     * @param threads threads
     * @param medianSeconds median wall-clock seconds of a timed run
     * @param bestSeconds shortest wall-clock seconds of a timed run
     * @param pathStepsPerSecond paths x steps / median seconds
     * @param bestPathStepsPerSecond paths x steps / best seconds
     * @param checksum sum over paths of the last x_0 (guards against dead code)
     */
    @JsonPropertyOrder(alphabetic = true)
    public record EulerMaruyamaTiming(String implementation, int dim, int paths, int steps, int threads,
                                      double medianSeconds, double bestSeconds, double pathStepsPerSecond,
                                      double bestPathStepsPerSecond, double checksum) {
    }

    /**
     * Training throughput (JSON fields in alphabetical order).
     *
     * @param model the model
     * @param threads threads
     * @param batch samples per step
     * @param steps steps per timed run
     * @param samplesPerSecond steps x batch / median seconds
     * @param bestSamplesPerSecond steps x batch / best seconds
     * @param peakRssMb the process's peak resident memory, MB
     * @param lastLoss the last step's mean loss, nats/sample
     */
    @JsonPropertyOrder(alphabetic = true)
    public record TrainTiming(String model, int threads, int batch, int steps, double samplesPerSecond,
                              double bestSamplesPerSecond, double peakRssMb, double lastLoss) {
    }

    /**
     * Per-sample gradient throughput (JSON fields in alphabetical order).
     *
     * @param implementation what was timed, in words
     * @param model the model
     * @param destination where the gradients went, in words
     * @param peakRssMb the process's peak resident memory, MB
     * @param samples samples per timed run
     * @param block samples per block
     * @param samplesPerSecond samples / median seconds
     * @param bestSamplesPerSecond samples / best seconds
     * @param checksum sum of one gradient element per block (guards against dead code)
     */
    @JsonPropertyOrder(alphabetic = true)
    public record PerSampleTiming(String implementation, String model, String destination, double peakRssMb,
                                  int samples, int block, double samplesPerSecond, double bestSamplesPerSecond,
                                  double checksum) {
    }

    private Benchmarks() {
    }

    /**
     * Euler-Maruyama for underdamped Langevin on a diagonal quadratic (curvatures 0.5..2, gamma 1, T 1, dt 0.01):
     * {@code repeats} timed runs after one warm-up; median and best path-steps per second.
     */
    public static EulerMaruyamaTiming eulerMaruyama(int dim, int paths, int steps, int threads, int repeats,
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
        return new EulerMaruyamaTiming("thermosgd EulerMaruyama (path-major, XoRoShiRo128++ + ziggurat)", dim,
                paths, steps, threads, median, times[0], (double) paths * steps / median,
                (double) paths * steps / times[0], checksum);
    }

    /**
     * The images a benchmark of {@code model} uses: MNIST's training images for models with MNIST's input shape,
     * otherwise (VGG16: CIFAR-10 is not in any registry here) seeded uniform [0, 1) images of the model's input
     * shape with uniform labels, which cost the same compute.
     */
    public static ImageSet benchImages(String model, int count, long seed) throws IOException {
        return benchImages(model, count, seed, false);
    }

    /** {@link #benchImages(String, int, long)}, or uniform random images whatever the model when {@code uniform}. */
    public static ImageSet benchImages(String model, int count, long seed, boolean uniform) throws IOException {
        int[] shape = ModelCatalog.inputShape(model);
        if (!uniform && shape[0] == 1 && shape[1] == 28 && shape[2] == 28) {
            return Mnist.load(null, DataHome.fromEnvironment()).train();
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int per = shape[0] * shape[1] * shape[2];
        byte[] pixels = new byte[count * per];
        rng.nextBytes(pixels);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) rng.nextInt(10);
        }
        return ImageSet.of("uniform-" + model, shape[0], shape[1], shape[2], pixels, labels);
    }

    /**
     * K training steps of {@code model}, saving the initial and final parameters (float32), the batches' images
     * (float32, [K x batch, C x H x W]) and labels (int32), the sample indices (int32) and step factors (float64),
     * little-endian, and meta.json, so bench/train_mlp.py and bench/train_cnn.py can replay them in PyTorch.
     */
    public static void sgdReplay(String model, UpdateForm form, String protocol, double lr, double momentum,
                                 double weightDecay, int batch, int steps, long seed, boolean uniformImages, Path out)
            throws IOException {
        ImageSet train = benchImages(model, steps * batch, seed, uniformImages);
        Network net = ModelCatalog.create(model, seed);
        MomentumSgd opt = MomentumSgd.of(form, lr, momentum, weightDecay, net.parameterCount());
        LearningRateProtocol p = LearningRateProtocol.parse(protocol);
        Files.createDirectories(out);
        writeFloats(out.resolve("init.f32"), net.params().toFloatVector());
        int[] perm = Trainer.permutation(seed, 0, train.size());
        int per = train.pixelsPerImage();
        int[] indices = new int[steps * batch];
        int[] labels = new int[steps * batch];
        float[] images = new float[steps * batch * per];
        double[] factors = new double[steps];
        INDArray grad = Nd4j.create(DataType.FLOAT, net.parameterCount());
        for (int k = 0; k < steps; k++) {
            int[] bi = Arrays.copyOfRange(perm, k * batch, (k + 1) * batch);
            System.arraycopy(bi, 0, indices, k * batch, batch);
            int[] bl = new int[batch];
            for (int i = 0; i < batch; i++) {
                bl[i] = train.label(bi[i]);
            }
            System.arraycopy(bl, 0, labels, k * batch, batch);
            float[] x = train.images(bi);
            System.arraycopy(x, 0, images, k * batch * per, batch * per);
            net.lossAndGradient(x, bl, batch, grad);
            factors[k] = p.factor(seed, k, 0, (double) k / steps);
            opt.step(net.params(), grad, factors[k]);
        }
        writeInts(out.resolve("batches.i32"), indices);
        writeInts(out.resolve("labels.i32"), labels);
        writeFloats(out.resolve("images.f32"), images);
        ByteBuffer doubles = ByteBuffer.allocate(factors.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        doubles.asDoubleBuffer().put(factors);
        AtomicFiles.write(out.resolve("factors.f64"), doubles.array());
        writeFloats(out.resolve("final.f32"), net.params().toFloatVector());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("model", model);
        meta.put("form", form.id());
        meta.put("lr", lr);
        meta.put("momentum", momentum);
        meta.put("weightDecay", weightDecay);
        meta.put("batch", batch);
        meta.put("steps", steps);
        meta.put("seed", seed);
        meta.put("protocol", protocol);
        meta.put("input", ModelCatalog.inputShape(model));
        meta.put("images", train.name());
        Json.writeAtomically(out.resolve("meta.json"), meta);
    }

    private static void writeInts(Path file, int[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        AtomicFiles.write(file, b.array());
    }

    /**
     * Training throughput of {@code model}: {@code repeats} timed runs of {@code steps} steps (forward, backward,
     * torch-nesterov update, batch {@code batch}) after one warm-up run, on the images of {@link #benchImages};
     * median and best samples per second, and the process's peak RSS.
     */
    public static TrainTiming trainSteps(String model, int batch, int steps, int repeats, int threads)
            throws IOException {
        NativeThreads.use(threads);
        ImageSet train = benchImages(model, Math.max(steps * batch, 2048), 7L);
        Network net = ModelCatalog.create(model, 1L);
        MomentumSgd opt = MomentumSgd.of(UpdateForm.parse("torch-nesterov"), 0.005, 0.9, 0, net.parameterCount());
        INDArray grad = Nd4j.create(DataType.FLOAT, net.parameterCount());
        int[] perm = Trainer.permutation(1L, 0, train.size());
        double[] times = new double[repeats];
        double loss = 0;
        for (int r = -1; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < steps; k++) {
                int[] bi = new int[batch];
                int[] bl = new int[batch];
                for (int i = 0; i < batch; i++) {
                    bi[i] = perm[(k * batch + i) % perm.length];
                    bl[i] = train.label(bi[i]);
                }
                loss = net.lossAndGradient(train.images(bi), bl, batch, grad);
                opt.step(net.params(), grad, 1.0);
            }
            if (r >= 0) {
                times[r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        Arrays.sort(times);
        return new TrainTiming(model, threads, batch, steps, steps * batch / times[repeats / 2],
                steps * batch / times[0], ProcessMemory.peakRssMegabytes(), loss);
    }

    private static void writeFloats(Path file, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        AtomicFiles.write(file, b.array());
    }

    /** Per-sample gradients of {@code model} on its bench images' first {@code samples}: median and best samples/s. */
    public static PerSampleTiming perSample(String model, int samples, int block, int repeats) throws IOException {
        ImageSet train = benchImages(model, samples, 7L);
        Network net = ModelCatalog.create(model, 1L);
        long p = net.parameterCount();
        org.nd4j.linalg.api.ndarray.INDArray g = org.nd4j.linalg.factory.Nd4j.createUninitialized(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, block, p);
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
                    bl[i] = train.label(start + i);
                }
                net.perSampleGradients(train.images(bi), bl, size, g, 0);
                checksum += g.getFloat(size - 1, p - 1);
            }
            if (r >= 0) {
                times[r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        Arrays.sort(times);
        return new PerSampleTiming(model.equals("mlp") ? "thermosgd Mlp.perSampleGradients (outer products, float32,"
                + " 1 thread)" : "thermosgd DnnlNetwork.perSampleGradients (grouped backward-weights, float32,"
                + " 1 thread)", model, "a float32 row-major [block, parameters] matrix off the heap, rows in"
                + " state-dict order", ProcessMemory.peakRssMegabytes(), samples, block, samples / times[repeats / 2],
                samples / times[0], checksum);
    }
}
