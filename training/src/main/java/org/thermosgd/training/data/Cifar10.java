package org.thermosgd.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10, binary version: {@code data_batch_1.bin}..{@code data_batch_5.bin} and {@code test_batch.bin}, each a
 * sequence of 3073-byte records (1 label byte, then 1024 red, 1024 green and 1024 blue pixel bytes of a 32x32 image,
 * row-major). No digests are checked (no copy can be fetched here to pin them); the SHA-256 of each file is reported.
 */
public final class Cifar10 {
    public static final String NAME = "cifar10";
    public static final String FOLDER = "cifar-10-batches-bin";
    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    public static final int RECORD = 1 + CHANNELS * SIDE * SIDE;
    /** Records in each batch file of the published set; no file is read (nor gunzipped) beyond them. */
    public static final int RECORDS_PER_FILE = 10_000;
    public static final List<String> TRAIN_FILES =
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_FILE = "test_batch.bin";

    private Cifar10() {
    }

    /** The folder CIFAR-10 is read from: {@code dir}, or {@code <data home>/cifar-10-batches-bin}. */
    public static Path location(Path dir, DataHome home) {
        return dir != null ? dir : home.resolve(FOLDER);
    }

    /**
     * Null when all six files are in the folder, otherwise a one-line message naming the folder, the missing files
     * and where they come from.
     */
    public static String whyMissing(Path dir, DataHome home) {
        return whyMissing(dir, home, "--dir");
    }

    /** As {@link #whyMissing(Path, DataHome)}, naming the command's option for the folder. */
    public static String whyMissing(Path dir, DataHome home, String option) {
        Path from = location(dir, home);
        List<String> missing = new ArrayList<>();
        for (String f : allFiles()) {
            if (!Files.isRegularFile(from.resolve(f))) {
                missing.add(f);
            }
        }
        return missing.isEmpty() ? null : "CIFAR-10 not found in " + from + ": missing " + String.join(", ", missing)
                + "; download the binary version (cifar-10-binary.tar.gz) from the CIFAR page of Alex Krizhevsky"
                + " (University of Toronto) and extract it"
                + (dir != null ? " into that folder" : " to " + from + ", or pass its folder with " + option);
    }

    /** Loads from {@code dir}, or from {@code <data home>/cifar-10-batches-bin} when {@code dir} is null. */
    public static Dataset load(Path dir, DataHome home) throws IOException {
        Path from = location(dir, home);
        String missing = whyMissing(dir, home);
        if (missing != null) {
            throw new IOException(missing);
        }
        List<SourceFile> files = new ArrayList<>();
        ImageSet train = read(NAME + "/train", from, TRAIN_FILES, files);
        ImageSet test = read(NAME + "/test", from, List.of(TEST_FILE), files);
        return new Dataset(NAME, train, test, List.copyOf(files));
    }

    public static List<String> allFiles() {
        List<String> all = new ArrayList<>(TRAIN_FILES);
        all.add(TEST_FILE);
        return all;
    }

    private static ImageSet read(String name, Path dir, List<String> names, List<SourceFile> files) throws IOException {
        List<RawFile> raws = new ArrayList<>();
        long records = 0;
        for (String n : names) {
            RawFile raw = RawFile.read(dir.resolve(n), head -> (long) RECORD * RECORDS_PER_FILE);
            int len = raw.content().length;
            if (len == 0) {
                throw new DataFormatException(raw.path(), "empty file, expected records of " + RECORD + " bytes");
            }
            if (len % RECORD != 0) {
                throw new DataFormatException(raw.path(), "length " + len + " is not a multiple of the " + RECORD
                        + "-byte record (1 label + 3x32x32 pixels); truncated or not CIFAR-10 binary");
            }
            raws.add(raw);
            records += len / RECORD;
            files.add(new SourceFile(n.replace(".bin", ""), raw.path(), Files.size(raw.path()), raw.fileSha256(),
                    raw.contentSha256(), null));
        }
        if (records * (RECORD - 1) > Integer.MAX_VALUE) {
            throw new DataFormatException(dir, records + " records do not fit one array");
        }
        int n = (int) records;
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * (RECORD - 1)];
        int r = 0;
        for (RawFile raw : raws) {
            byte[] b = raw.content();
            for (int off = 0; off < b.length; off += RECORD, r++) {
                int label = b[off] & 0xff;
                if (label >= ImageSet.CLASSES) {
                    throw new DataFormatException(raw.path(), "label " + label + " in record " + (off / RECORD)
                            + ", expected 0..9");
                }
                labels[r] = b[off];
                System.arraycopy(b, off + 1, pixels, r * (RECORD - 1), RECORD - 1);
            }
        }
        return ImageSet.of(name, CHANNELS, SIDE, SIDE, pixels, labels);
    }
}
