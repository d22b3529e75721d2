package org.thermosgd.validation.diffusion;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.fp.diffusion.CentredProducts;
import org.thermosgd.fp.diffusion.DiffusionAnalysis;
import org.thermosgd.fp.diffusion.DiffusionReport;
import org.thermosgd.fp.diffusion.DiffusionRoute;
import org.thermosgd.fp.diffusion.FactoredAnalysis;
import org.thermosgd.fp.diffusion.FactoredGradients;
import org.thermosgd.fp.diffusion.GradientFile;
import org.thermosgd.fp.diffusion.GradientSet;
import org.thermosgd.fp.diffusion.GramMatrix;
import org.thermosgd.fp.diffusion.OffHeapGradients;
import org.thermosgd.tensors.Dtype;
import org.thermosgd.tensors.NpyWriter;
import org.thermosgd.tensors.NpzWriter;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.model.Network;
import org.thermosgd.training.model.ParameterBlock;
import org.thermosgd.training.model.PerSampleGradients;
import org.thermosgd.training.train.Checkpoint;
import org.thermosgd.training.train.TrainConfig;
import org.thermosgd.validation.curvature.NoiseCurvature;
import org.thermosgd.validation.run.Progress;
import org.thermosgd.validation.run.SampleChoice;

/** The diffusion analysis of a training checkpoint: per-sample gradients (or their factors), then the statistics. */
public final class CheckpointDiffusion {
    private CheckpointDiffusion() {
    }

    /** A checkpoint's diffusion analysis and its cost: per-sample gradients, then the statistics (seconds). */
    public record Analysis(DiffusionReport report, double gradientSeconds, double analysisSeconds,
                           DiffusionRoute route) {
    }

    public static Analysis analyse(TrainConfig config, Checkpoint c, Dataset data, int samples, long seed,
                                   DiffusionAnalysis.Options options) {
        return analyse(config, c, data, samples, seed, options, DiffusionRoute.AUTO);
    }

    /**
     * The diffusion analysis of N random training samples' gradients at a checkpoint's parameters, by the route
     * asked for (auto: factored for dense networks, else gram up to the Gram limit, else sketched).
     */
    public static Analysis analyse(TrainConfig config, Checkpoint c, Dataset data, int samples, long seed,
                                   DiffusionAnalysis.Options options, DiffusionRoute route) {
        try {
            return analyse(config, c, data, samples, seed, options, route, 0, null).analysis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What one {@code diffusion} call at a checkpoint computes from one draw of N samples: the analysis, and where
     * asked the noise against curvature and the saved gradients (null where not asked).
     */
    public record Outcome(Analysis analysis, NoiseCurvature.Result curvature, SavedGradients saved) {
    }

    /**
     * The analysis of N random training samples' gradients at a checkpoint (as {@link #analyse(TrainConfig,
     * Checkpoint, Dataset, int, long, DiffusionAnalysis.Options, DiffusionRoute)}); with {@code curvatureTopK > 0}
     * also the noise along the top Hessian eigenvectors ({@link NoiseCurvature}, 20 probes, Model 1 only), and with
     * {@code saveGradients} the gradients written there ({@link #saveGradients}). The samples are chosen once and
     * their per-sample gradients computed once: where they are materialised (the curvature comparison needs them as
     * rows; the gram and sketched routes hold them off the heap) the analysis, the comparison and the saved file
     * share them; the factored route of dense networks never materialises them, and without the comparison the
     * saved file streams them.
     */
    public static Outcome analyse(TrainConfig config, Checkpoint c, Dataset data, int samples, long seed,
                                  DiffusionAnalysis.Options options, DiffusionRoute route, int curvatureTopK,
                                  Path saveGradients) throws IOException {
        if (saveGradients != null) {
            requireTarget(saveGradients);
        }
        Network net = ModelCatalog.withParameters(config.model(), c.params());
        ImageSet train = config.trainImages(data);
        int[] chosen = SampleChoice.choose(train.size(), samples, seed);
        boolean dense = net.hasPerSampleFactors();
        if (route == DiffusionRoute.FACTORED && !dense) {
            throw new IllegalArgumentException("--route factored needs a network of dense layers; " + config.model()
                    + " has convolutions (use gram or sketched)");
        }
        // the Hessian's eigenpairs first, before any N x n rows are held
        NoiseCurvature.Curvature h = curvatureTopK > 0
                ? NoiseCurvature.curvature(config, c, train, curvatureTopK, Integer.MAX_VALUE, seed) : null;
        Analysis analysis;
        float[] heapRows = null;
        SavedGradients saved = null;
        if (route == DiffusionRoute.FACTORED || (route == DiffusionRoute.AUTO && dense)) {
            requireHeap(samples, 12.0 * samples * samples, "the N x N Gram matrix (double) and its float copy");
            analysis = factored(net, train, chosen, options);
            if (h != null) {
                heapRows = NoiseCurvature.rows(net, train, chosen);
            }
        } else {
            int n = Math.toIntExact(net.parameterCount());
            boolean gram = route == DiffusionRoute.GRAM
                    || (route == DiffusionRoute.AUTO && samples <= options.gramLimit());
            requireMemory(samples, 4.0 * n * samples, gram ? 12.0 * samples * samples : 0);
            long t0 = System.nanoTime();
            INDArray filled;
            if (h != null) {
                heapRows = NoiseCurvature.rows(net, train, chosen);
                filled = Nd4j.create(heapRows, new long[] {samples, n}, 'c');
            } else {
                try (Progress progress = Progress.of("diffusion: per-sample gradients", samples, "samples")) {
                    long[] last = {0};
                    filled = PerSampleGradients.offHeap(net, train, chosen, PerSampleGradients.blockFor(net),
                            done -> {
                                progress.step(done - last[0]);
                                last[0] = done;
                            });
                }
            }
            try (INDArray rows = filled) {
                net.releaseWorkspace();
                double gradientSeconds = (System.nanoTime() - t0) / 1e9;
                List<GradientSet.Block> blocks = new ArrayList<>();
                for (ParameterBlock b : net.blocks()) {
                    blocks.add(new GradientSet.Block(b.name(), (int) b.offset(), (int) b.size()));
                }
                long t1 = System.nanoTime();
                OffHeapGradients g = new OffHeapGradients(rows, blocks);
                DiffusionReport report = gram ? DiffusionAnalysis.analyse(g, options, GramMatrix.nd4j())
                        : DiffusionAnalysis.sketched(g, options, CentredProducts.Factory.nd4j());
                analysis = new Analysis(report, gradientSeconds, (System.nanoTime() - t1) / 1e9,
                        gram ? DiffusionRoute.GRAM : DiffusionRoute.SKETCHED);
                if (saveGradients != null && heapRows == null) {
                    // written from the rows the analysis held, one row at a time: no second N x n copy
                    saved = saveGradients(net, chosen, saveGradients, sink -> {
                        for (int i = 0; i < samples; i++) {
                            sink.accept(rows.data().getFloatsAt((long) i * n, n), 1);
                        }
                    });
                }
            }
        }
        NoiseCurvature.Result curvature = h != null ? NoiseCurvature.of(heapRows, samples, h, 20, seed) : null;
        if (saveGradients != null && saved == null) {
            float[] shared = heapRows;
            saved = saveGradients(net, chosen, saveGradients, shared != null
                    ? sink -> sink.accept(shared, samples)
                    : sink -> streamGradients(net, train, chosen, sink));
        }
        return new Outcome(analysis, curvature, saved);
    }

    /** Per-layer factors of the chosen samples' gradients, streamed in blocks of 256, then the factored route. */
    private static Analysis factored(Network net, ImageSet train, int[] chosen,
                                     DiffusionAnalysis.Options options) {
        int samples = chosen.length;
        long t0 = System.nanoTime();
        List<float[]> inputs = new ArrayList<>();
        List<float[]> errors = new ArrayList<>();
        List<Network.DenseFactors> shapes = null;
        for (int start = 0; start < samples; start += 256) {
            int size = Math.min(256, samples - start);
            int[] bi = Arrays.copyOfRange(chosen, start, start + size);
            int[] labels = new int[size];
            for (int k = 0; k < size; k++) {
                labels[k] = train.label(bi[k]);
            }
            List<Network.DenseFactors> fs = net.perSampleFactors(train.images(bi), labels, size);
            if (shapes == null) {
                shapes = fs;
                for (Network.DenseFactors f : fs) {
                    inputs.add(new float[samples * f.in()]);
                    errors.add(new float[samples * f.out()]);
                }
            }
            for (int l = 0; l < fs.size(); l++) {
                Network.DenseFactors f = fs.get(l);
                System.arraycopy(f.inputs(), 0, inputs.get(l), start * f.in(), size * f.in());
                System.arraycopy(f.errors(), 0, errors.get(l), start * f.out(), size * f.out());
            }
        }
        Map<String, Integer> offsets = new HashMap<>();
        for (ParameterBlock b : net.blocks()) {
            offsets.put(b.name(), (int) b.offset());
        }
        List<FactoredGradients.Layer> layers = new ArrayList<>();
        for (int l = 0; l < shapes.size(); l++) {
            Network.DenseFactors f = shapes.get(l);
            layers.add(new FactoredGradients.Layer(f.weightBlock(), f.biasBlock(), f.in(), f.out(),
                    offsets.get(f.weightBlock()), offsets.get(f.biasBlock()), inputs.get(l), errors.get(l)));
        }
        double gradientSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        DiffusionReport report = FactoredAnalysis.analyse(new FactoredGradients(samples, layers), options);
        return new Analysis(report, gradientSeconds, (System.nanoTime() - t1) / 1e9, DiffusionRoute.FACTORED);
    }

    /**
     * Refuses a {@code --save-gradients} target (or, for .npy, its {@code .sample_index.npy} companion) that exists:
     * a user's file is never overwritten.
     */
    public static void requireNew(Path target) {
        String name = target.getFileName().toString();
        Path index = target.resolveSibling(name.replaceFirst("\\.npy$", "") + ".sample_index.npy");
        for (Path p : name.endsWith(".npy") ? List.of(target, index) : List.of(target)) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("--save-gradients " + target + ": " + p + " already exists; it is"
                        + " never overwritten: choose another name or remove it");
            }
        }
    }

    /**
     * What {@code --save-gradients} wrote.
     *
     * @param file the file's name
     * @param shape the array's shape [N, n] (.npy), or how the .npz holds the blocks
     * @param sampleIndex where the indices (into the training split) of the rows are
     * @param convention what a row is, in words (float32 gradients of one sample's cross-entropy, in nats)
     */
    @JsonPropertyOrder(alphabetic = true)
    public record SavedGradients(String file, String shape, String sampleIndex, String convention) {
    }

    /** Refuses a {@code --save-gradients} target that is neither .npy nor .npz, or that exists. */
    private static void requireTarget(Path target) {
        String name = target.getFileName().toString();
        if (!name.endsWith(".npz") && !name.endsWith(".npy")) {
            throw new IllegalArgumentException("--save-gradients " + target + ": expected a file name ending in"
                    + " .npy or .npz");
        }
        requireNew(target);
    }

    /** A source of the chosen samples' gradients, handed to a sink in order, a block of rows at a time. */
    private interface GradientSource {
        void into(GradientSink sink) throws IOException;
    }

    /**
     * Writes the per-sample gradients of the N chosen training samples, given by {@code source}, to {@code target}:
     * {@code .npy} [N, n] in the flat parameter layout with the indices (into the training split) beside it in
     * {@code <stem>.sample_index.npy}, or {@code .npz} with one array [N, shape...] per parameter block under its
     * state-dict name and {@code sample_index} [N]. Returns what was written.
     */
    private static SavedGradients saveGradients(Network net, int[] chosen, Path target, GradientSource source)
            throws IOException {
        String name = target.getFileName().toString();
        boolean npz = name.endsWith(".npz");
        requireTarget(target);
        int samples = chosen.length;
        int n = Math.toIntExact(net.parameterCount());
        long[] indices = Arrays.stream(chosen).asLongStream().toArray();
        Path indexFile = npz ? target : target.resolveSibling(name.substring(0, name.length() - 4)
                + ".sample_index.npy");
        if (npz) {
            try (NpzWriter z = NpzWriter.create(target)) {
                List<NpyWriter> arrays = new ArrayList<>();
                for (ParameterBlock b : net.blocks()) {
                    long[] shape = new long[b.shape().length + 1];
                    shape[0] = samples;
                    System.arraycopy(b.shape(), 0, shape, 1, b.shape().length);
                    arrays.add(z.add(b.name(), Dtype.F32, shape));
                }
                source.into((g, size) -> {
                    for (int i = 0; i < size; i++) {
                        for (int k = 0; k < arrays.size(); k++) {
                            ParameterBlock b = net.blocks().get(k);
                            arrays.get(k).put(g, i * n + (int) b.offset(), (int) b.size());
                        }
                    }
                });
                z.add(GradientFile.SAMPLE_INDEX, Dtype.I64, samples).put(indices);
                z.finish();
            }
        } else {
            try (NpyWriter w = NpyWriter.create(target, Dtype.F32, samples, n);
                 NpyWriter idx = NpyWriter.create(indexFile, Dtype.I64, samples)) {
                source.into((g, size) -> w.put(g, 0, size * n));
                idx.put(indices);
                idx.finish();
                w.finish();
            }
        }
        return new SavedGradients(target.getFileName().toString(), npz ? "one array [N, ...] per parameter block"
                : "[" + samples + ", " + n + "]", npz ? GradientFile.SAMPLE_INDEX + " in the archive"
                : indexFile.getFileName().toString(), "row i: gradient of training sample sample_index[i]'s own loss"
                + " (cross-entropy, nats) at the checkpoint's parameters, float32");
    }

    private interface GradientSink {
        void accept(float[] gradients, int size) throws IOException;
    }

    private static void streamGradients(Network net, ImageSet train, int[] chosen,
                                        GradientSink sink) throws IOException {
        try {
            PerSampleGradients.stream(net, train, chosen, PerSampleGradients.blockFor(net), block -> {
                try {
                    sink.accept(block.gradients(), block.size());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A one-line error before a run that would exhaust the heap, with the setting that lets it fit. */
    private static void requireHeap(int samples, double bytes, String what) {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > 0.8 * max) {
            throw new IllegalArgumentException(String.format("--samples %d needs about %.1f GB of heap for %s; this"
                    + " JVM has %.1f GB: use fewer samples or set JAVA_OPTS=-Xmx%dg", samples, bytes / 1e9, what,
                    max / 1e9, (long) Math.ceil(bytes / 0.8 / (1L << 30)) + 1));
        }
    }

    /**
     * A one-line error before gradients that would not fit: the N x n rows go off the heap (JavaCPP's limit, by
     * default the heap's maximum size) and the N x N Gram matrix on it.
     */
    private static void requireMemory(int samples, double rowBytes, double gramBytes) {
        long offHeap = Pointer.maxBytes();
        if (rowBytes > 0.9 * offHeap) {
            throw new IllegalArgumentException(String.format("--samples %d needs about %.1f GB off the heap for the"
                    + " N x n gradients; this JVM allows %.1f GB (JavaCPP's maxbytes, the heap's maximum by"
                    + " default): use fewer samples or set JAVA_OPTS=-Xmx%dg", samples, rowBytes / 1e9,
                    offHeap / 1e9, (long) Math.ceil(rowBytes / 0.8 / (1L << 30)) + 1));
        }
        requireHeap(samples, gramBytes, "the N x N Gram matrix");
    }
}
