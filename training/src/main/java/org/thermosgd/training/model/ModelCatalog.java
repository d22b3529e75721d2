package org.thermosgd.training.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.thermosgd.sde.ensemble.StepHash;
import org.thermosgd.training.engine.DnnlNetwork;

/**
 * The paper's networks by command-line name, and users' sequential networks by the path of their JSON
 * specification ({@link NetworkSpec}); a model name ending in {@code .json} is such a path. Model 1 is the dense
 * {@link Mlp}; every other model is a {@link NetworkSpec} run by the oneDNN engine ({@link DnnlNetwork}).
 */
public final class ModelCatalog {
    /** A model: name, architecture, parameter count, input it expects, and whether this build can train it. */
    public record Entry(String name, String architecture, long parameters, String input, boolean trainable) {
    }

    /** Model 2: 3x3 convolutions without padding on 1x28x28: 28-26-24-(pool)12-10-8-6-(pool)3, then 128*3*3 -> 10. */
    public static final NetworkSpec CNN = new NetworkSpec("cnn", new int[] {1, 28, 28}, cnnLayers());

    /** Model 3: VGG16's 13 convolutions (3x3, padding 1) with 5 max pools on 3x32x32, then Linear(512 -> 10). */
    public static final NetworkSpec VGG16 = new NetworkSpec("vgg16", new int[] {3, 32, 32}, vgg16Layers());

    private static List<NetworkSpec.Layer> cnnLayers() {
        List<NetworkSpec.Layer> l = new ArrayList<>();
        int in = 1;
        for (int c : new int[] {64, 64, 0, 128, 128, 128, 0}) {
            if (c == 0) {
                l.add(NetworkSpec.Layer.maxPool2d(2));
            } else {
                l.add(NetworkSpec.Layer.conv2d(in, c, 3, 0));
                l.add(NetworkSpec.Layer.relu());
                in = c;
            }
        }
        l.add(NetworkSpec.Layer.flatten());
        l.add(NetworkSpec.Layer.linear(128 * 3 * 3, 10));
        return l;
    }

    private static List<NetworkSpec.Layer> vgg16Layers() {
        List<NetworkSpec.Layer> l = new ArrayList<>();
        int in = 3;
        for (int c : new int[] {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0}) {
            if (c == 0) {
                l.add(NetworkSpec.Layer.maxPool2d(2));
            } else {
                l.add(NetworkSpec.Layer.conv2d(in, c, 3, 1));
                l.add(NetworkSpec.Layer.relu());
                in = c;
            }
        }
        l.add(NetworkSpec.Layer.flatten());
        l.add(NetworkSpec.Layer.linear(512, 10));
        return l;
    }

    public static final List<Entry> MODELS = List.of(
            new Entry("mlp", "Model 1: Linear 784->100, ReLU, Linear 100->10", Mlp.PARAMETERS, "1x28x28", true),
            new Entry("cnn", "Model 2: Conv3x3 1->64, 64->64, MaxPool2, Conv3x3 64->128, 128->128, 128->128, MaxPool2,"
                    + " Linear 1152->10 (ReLU after each conv, no padding)", CNN.parameterCount(), "1x28x28", true),
            new Entry("vgg16", "Model 3: VGG16 (13 convs, 3x3, padding 1, no BatchNorm; pools after 2, 4, 7, 10, 13)"
                    + " + Linear 512->10; standard initialisation (no ImageNet weights)", VGG16.parameterCount(),
                    "3x32x32", true));

    /** The built-in model names, in catalogue order. */
    public static final List<String> NAMES = MODELS.stream().map(Entry::name).toList();

    private ModelCatalog() {
    }

    /** Whether {@code model} names a specification file rather than a built-in model. */
    public static boolean isFile(String model) {
        return model != null && model.endsWith(".json");
    }

    /** Whether {@code model} is a built-in name or a readable specification file. */
    public static boolean isKnown(String model) {
        return model != null && (NAMES.contains(model) || isFile(model) && Files.isRegularFile(Path.of(model)));
    }

    public static Entry entry(String name) {
        if (isFile(name)) {
            NetworkSpec s = spec(name);
            int[] in = s.input();
            return new Entry(name, s.name() + ": " + s.layers().size() + " layers (" + name + ")", s.parameterCount(),
                    in[0] + "x" + in[1] + "x" + in[2], true);
        }
        return MODELS.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("--model '" + name + "' must be one of mlp, cnn, vgg16 or a network"
                        + " specification FILE.json"));
    }

    /** The specification of a sequential model (built-in or file); mlp has none (it is {@link Mlp}). */
    public static NetworkSpec spec(String name) {
        if (isFile(name)) {
            return NetworkSpec.read(Path.of(name));
        }
        return switch (name) {
            case "cnn" -> CNN;
            case "vgg16" -> VGG16;
            default -> throw new IllegalArgumentException("--model '" + name + "' has no layer specification here"
                    + (name.equals("mlp") ? " (Model 1 is the dense perceptron fc1, fc2)" : ""));
        };
    }

    /** A freshly initialised network (PyTorch's default initialisation law) from the run seed. */
    public static Network create(String name, long seed) {
        entry(name);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(StepHash.hash(seed, 0x1417L));
        return name.equals("mlp") ? Mlp.initialised(rng) : DnnlNetwork.initialised(fitting(name), rng);
    }

    public static Network withParameters(String name, float[] params) {
        entry(name);
        return name.equals("mlp") ? Mlp.withParameters(params) : DnnlNetwork.withParameters(fitting(name), params);
    }

    /** The specification of {@code name}, refused when one sample's pass would not fit in memory. */
    private static NetworkSpec fitting(String name) {
        NetworkSpec s = spec(name);
        try {
            s.requireMemory(1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label(name) + ": " + e.getMessage());
        }
        return s;
    }

    private static String label(String model) {
        return (isFile(model) ? "model file " : "model ") + model;
    }

    /**
     * Refuses, before anything is allocated or written, a model that cannot train at {@code batch} on a data set of
     * {@code classes} classes: a specification whose last layer gives another number of outputs, or whose
     * {@link NetworkSpec#cost} exceeds the heap or the machine's memory.
     */
    public static void requireTrainable(String model, int batch, int classes) {
        if (model == null || model.equals("mlp") || !isKnown(model)) {
            return;
        }
        NetworkSpec s = spec(model);
        int last = s.layers().size() - 1;
        if (s.classes() != classes) {
            throw new IllegalArgumentException(label(model) + ": its last layer, layer " + last + " ("
                    + s.layers().get(last).type() + "), gives " + s.classes() + " outputs, but the data set has "
                    + classes + " classes (make the last linear layer's out_features " + classes + ")");
        }
        try {
            s.requireMemory(batch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label(model) + ": " + e.getMessage());
        }
    }

    /**
     * A convolutional model computing in float64 ({@link ConvNet#doublePrecision}, SameDiff: oneDNN's CPU
     * convolutions are float32 only); mlp has its own float64 path.
     */
    public static Network doublePrecision(String name, double[] params) {
        entry(name);
        if (name.equals("mlp")) {
            throw new IllegalArgumentException(name + " has no float64 network here (use"
                    + " MlpCurvature.doublePrecision in the curvature package)");
        }
        NetworkSpec s = spec(name);
        return ConvNet.doublePrecision(s.name(), s.input(), ConvNet.layersOf(s), params);
    }

    /** The input shape C x H x W a model expects. */
    public static int[] inputShape(String name) {
        return name.equals("mlp") ? new int[] {1, 28, 28} : spec(name).input();
    }
}
