package org.thermosgd.training.model;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.thermosgd.training.protocol.StepHash;

/** The paper's networks by command-line name, with their exact parameter counts. */
public final class ModelCatalog {
    /** A model: name, architecture, parameter count, input it expects, and whether this build can train it. */
    public record Entry(String name, String architecture, long parameters, String input, boolean trainable) {
    }

    /** Model 2: 3x3 convolutions without padding on 1x28x28: 28-26-24-(pool)12-10-8-6-(pool)3, then 128*3*3 -> 10. */
    public static final List<ConvNet.Layer> CNN = List.of(ConvNet.Layer.conv(1, 64, false),
            ConvNet.Layer.conv(64, 64, false), ConvNet.Layer.pool(), ConvNet.Layer.conv(64, 128, false),
            ConvNet.Layer.conv(128, 128, false), ConvNet.Layer.conv(128, 128, false), ConvNet.Layer.pool(),
            ConvNet.Layer.linear(128 * 3 * 3, 10));

    /** Model 3: VGG16's 13 convolutions (3x3, padding 1) with 5 max pools on 3x32x32, then Linear(512 -> 10). */
    public static final List<ConvNet.Layer> VGG16 = vgg16();

    private static List<ConvNet.Layer> vgg16() {
        int[] plan = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
        List<ConvNet.Layer> layers = new java.util.ArrayList<>();
        int in = 3;
        for (int c : plan) {
            if (c == 0) {
                layers.add(ConvNet.Layer.pool());
            } else {
                layers.add(ConvNet.Layer.conv(in, c, true));
                in = c;
            }
        }
        layers.add(ConvNet.Layer.linear(512, 10));
        return List.copyOf(layers);
    }

    public static final List<Entry> MODELS = List.of(
            new Entry("mlp", "Model 1: Linear 784->100, ReLU, Linear 100->10", Mlp.PARAMETERS, "1x28x28", true),
            new Entry("cnn", "Model 2: Conv3x3 1->64, 64->64, MaxPool2, Conv3x3 64->128, 128->128, 128->128, MaxPool2,"
                    + " Linear 1152->10 (ReLU after each conv, no padding)", ConvNet.countParameters(CNN), "1x28x28",
                    true),
            new Entry("vgg16", "Model 3: VGG16 (13 convs, 3x3, padding 1, no BatchNorm; pools after 2, 4, 7, 10, 13)"
                    + " + Linear 512->10; standard initialisation (no ImageNet weights)", ConvNet.countParameters(VGG16),
                    "3x32x32", true));

    /** The model names, in catalogue order. */
    public static final List<String> NAMES = MODELS.stream().map(Entry::name).toList();

    private ModelCatalog() {
    }

    public static Entry entry(String name) {
        return MODELS.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("--model '" + name + "' must be one of mlp, cnn, vgg16"));
    }

    /** A freshly initialised network (PyTorch's default initialisation law) from the run seed. */
    public static Network create(String name, long seed) {
        entry(name);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(StepHash.hash(seed, 0x1417L));
        return switch (name) {
            case "mlp" -> Mlp.initialised(rng);
            case "cnn" -> ConvNet.initialised("cnn", new int[] {1, 28, 28}, CNN, rng);
            default -> ConvNet.initialised("vgg16", new int[] {3, 32, 32}, VGG16, rng);
        };
    }

    public static Network withParameters(String name, float[] params) {
        entry(name);
        return switch (name) {
            case "mlp" -> Mlp.withParameters(params);
            case "cnn" -> ConvNet.withParameters("cnn", new int[] {1, 28, 28}, CNN, params);
            default -> ConvNet.withParameters("vgg16", new int[] {3, 32, 32}, VGG16, params);
        };
    }

    /** A convolutional model computing in float64 ({@link ConvNet#doublePrecision}); mlp has its own float64 path. */
    public static Network doublePrecision(String name, double[] params) {
        entry(name);
        return switch (name) {
            case "cnn" -> ConvNet.doublePrecision("cnn", new int[] {1, 28, 28}, CNN, params);
            case "vgg16" -> ConvNet.doublePrecision("vgg16", new int[] {3, 32, 32}, VGG16, params);
            default -> throw new IllegalArgumentException(name + " has no float64 network here (use"
                    + " org.thermosgd.training.curvature.MlpCurvature.doublePrecision)");
        };
    }

    /** The input shape C x H x W a model expects. */
    public static int[] inputShape(String name) {
        return name.equals("vgg16") ? new int[] {3, 32, 32} : new int[] {1, 28, 28};
    }
}
