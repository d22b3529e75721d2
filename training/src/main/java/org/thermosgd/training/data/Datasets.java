package org.thermosgd.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Loads a data set by its command-line name. */
public final class Datasets {
    public static final List<String> NAMES = List.of(Mnist.NAME, FashionMnist.NAME, Cifar10.NAME);

    private Datasets() {
    }

    /**
     * @param dir folder holding the files, or null for the default place (MNIST: fetched into the cache)
     */
    public static Dataset load(String name, Path dir, DataHome home) throws IOException {
        return switch (name) {
            case Mnist.NAME -> Mnist.load(dir, home);
            case FashionMnist.NAME -> FashionMnist.load(dir);
            case Cifar10.NAME -> Cifar10.load(dir, home);
            default -> throw new IllegalArgumentException("unknown data set '" + name + "', expected one of "
                    + String.join(", ", NAMES));
        };
    }
}
