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

    /** VGG16 convolution stack (13 convolutions, 3x3, padding 1) on 3x32x32 inputs, then Linear(512 -> 10). */
    static long vgg16Parameters() {
        int[] channels = {64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512};
        long p = 0;
        int in = 3;
        for (int c : channels) {
            p += (long) c * in * 9 + c;
            in = c;
        }
        return p + 512L * 10 + 10;
    }

    /** Model 2: 3x3 convolutions without padding on 1x28x28: 28-26-24-(pool)12-10-8-6-(pool)3. */
    static long cnnParameters() {
        long conv = (64L * 1 * 9 + 64) + (64L * 64 * 9 + 64) + (128L * 64 * 9 + 128) + (128L * 128 * 9 + 128)
                + (128L * 128 * 9 + 128);
        return conv + 128L * 3 * 3 * 10 + 10;
    }

    public static final List<Entry> MODELS = List.of(
            new Entry("mlp", "Model 1: Linear 784->100, ReLU, Linear 100->10", Mlp.PARAMETERS, "1x28x28", true),
            new Entry("cnn", "Model 2: Conv3x3 1->64, 64->64, MaxPool2, Conv3x3 64->128, 128->128, 128->128, MaxPool2,"
                    + " Linear 1152->10 (ReLU after each conv, no padding)", cnnParameters(), "1x28x28", false),
            new Entry("vgg16", "Model 3: VGG16 (13 convs, 3x3, padding 1, no BatchNorm; pools after 2, 4, 7, 10, 13)"
                    + " + Linear 512->10", vgg16Parameters(), "3x32x32", false));

    private ModelCatalog() {
    }

    public static Entry entry(String name) {
        return MODELS.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("--model '" + name + "' must be one of mlp, cnn, vgg16"));
    }

    /** A freshly initialised network (PyTorch's default initialisation law) from the run seed. */
    public static Network create(String name, long seed) {
        Entry e = entry(name);
        if (!e.trainable()) {
            throw new IllegalArgumentException("--model " + name + ": training this network is not implemented yet"
                    + " in this build (only mlp); its parameter count is " + e.parameters());
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(StepHash.hash(seed, 0x1417L));
        return Mlp.initialised(rng);
    }

    public static Network withParameters(String name, float[] params) {
        entry(name);
        return Mlp.withParameters(params);
    }
}
