package org.thermosgd.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf): MNIST's layout with clothing images. Read from the folder the Debian package
 * {@code dataset-fashion-mnist} installs ({@value #DEBIAN_DIR}) or from a given folder; checked against the SHA-256
 * of each file's uncompressed content.
 */
public final class FashionMnist {
    public static final String NAME = "fashion-mnist";
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";

    static final List<IdxDatasetLoader.Spec> FILES = List.of(
            new IdxDatasetLoader.Spec("train-images", "train-images-idx3-ubyte",
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            new IdxDatasetLoader.Spec("train-labels", "train-labels-idx1-ubyte",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            new IdxDatasetLoader.Spec("test-images", "t10k-images-idx3-ubyte",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            new IdxDatasetLoader.Spec("test-labels", "t10k-labels-idx1-ubyte",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    private FashionMnist() {
    }

    /** Loads from {@code dir}, or from the Debian package's folder when {@code dir} is null. */
    public static Dataset load(Path dir) throws IOException {
        Path from = dir != null ? dir : Path.of(DEBIAN_DIR);
        if (!Files.isDirectory(from) || IdxDatasetLoader.missing(from, FILES).size() == FILES.size()) {
            throw new IOException("Fashion-MNIST not found in " + from + ": install the Debian package"
                    + " (apt-get install dataset-fashion-mnist) or pass --dir with train-images-idx3-ubyte[.gz],"
                    + " train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]");
        }
        return IdxDatasetLoader.load(NAME, from, FILES);
    }
}
