package org.thermosgd.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsPlainAndGzipIdentically() throws IOException {
        byte[] plain = IdxFiles.images(5, 4, 3);
        IdxReader.IdxArray a = IdxReader.read(IdxFiles.write(tmp, "a", plain), 3);
        IdxReader.IdxArray b = IdxReader.read(IdxFiles.write(tmp, "b.gz", IdxFiles.gzip(plain)), 3);
        assertArrayEquals(new int[] {5, 4, 3}, a.dims());
        assertArrayEquals(a.data(), b.data());
        assertEquals(a.source().contentSha256(), b.source().contentSha256());
        assertFalse(a.source().compressed());
        assertTrue(b.source().compressed());
        assertEquals((byte) 37, a.data()[1]);
    }

    private String error(byte[] bytes, int dims) throws IOException {
        Path f = IdxFiles.write(tmp, "bad-file", bytes);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(f, dims));
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void eachCorruptionIsAOneLineErrorNamingTheFile() throws IOException {
        byte[] good = IdxFiles.images(5, 4, 3);
        assertTrue(error(new byte[0], 3).contains("empty file"));
        assertTrue(error(Arrays.copyOf(good, good.length - 7), 3).contains("(truncated)"));
        assertTrue(error(Arrays.copyOf(good, good.length + 1), 3).contains("(trailing data)"));
        assertTrue(error(Arrays.copyOf(good, 9), 3).contains("truncated header"));

        byte[] magic = good.clone();
        magic[0] = 0x1f;
        magic[1] = 0x00;
        assertTrue(error(magic, 3).contains("wrong magic number 0x1f000803, expected 0x00000803"));
        byte[] type = good.clone();
        type[2] = 0x0d;
        assertTrue(error(type, 3).contains("data type 0x0d, expected 0x08"));
        assertTrue(error(IdxFiles.labels(5), 3).contains("has 1 dimensions, expected 3"));
        assertTrue(error(IdxFiles.idx(new int[] {0, 4, 3}, new byte[0]), 3).contains("size 0"));
        byte[] gz = IdxFiles.gzip(good);
        assertTrue(error(Arrays.copyOf(gz, gz.length / 2), 3).contains("does not decompress"));
    }

    private List<IdxDatasetLoader.Spec> specs(Path dir) throws IOException {
        String[] names = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"};
        IdxDatasetLoader.Spec[] s = new IdxDatasetLoader.Spec[4];
        for (int i = 0; i < 4; i++) {
            Path p = IdxDatasetLoader.locate(dir, names[i]);
            s[i] = new IdxDatasetLoader.Spec(names[i], names[i], RawFile.read(p).contentSha256());
        }
        return List.of(s);
    }

    private Path dataset(byte[] trainImages, byte[] trainLabels) throws IOException {
        Path dir = tmp.resolve("ds");
        IdxFiles.write(dir, "train-images-idx3-ubyte", trainImages);
        IdxFiles.write(dir, "train-labels-idx1-ubyte.gz", IdxFiles.gzip(trainLabels));
        IdxFiles.write(dir, "t10k-images-idx3-ubyte", IdxFiles.images(3, 4, 3));
        IdxFiles.write(dir, "t10k-labels-idx1-ubyte", IdxFiles.labels(3));
        return dir;
    }

    /** A full-size file with a bad header is refused for its header, not for a size the bad header implies. */
    @Test
    void aBadHeaderOfALargeFileIsNamedAsSuch() throws IOException {
        byte[] big = IdxFiles.images(60, 28, 28);
        big[2] = 0x0D;
        String m = error(big, 3);
        assertTrue(m.contains("data type 0x0d, expected 0x08"), m);
        m = error(IdxFiles.gzip(big), 3);
        assertTrue(m.contains("data type 0x0d, expected 0x08"), m);
        byte[] zero = IdxFiles.images(60, 28, 28);
        zero[7] = 0;
        m = error(zero, 3);
        assertTrue(m.contains("declares size 0 in dimension 0"), m);
    }

    @Test
    void loadsAVerifiedDataSetMixingPlainAndGzip() throws IOException {
        Path dir = dataset(IdxFiles.images(12, 4, 3), IdxFiles.labels(12));
        Dataset d = IdxDatasetLoader.load("tiny", dir, specs(dir));
        assertEquals(12, d.train().size());
        assertEquals(3, d.test().size());
        assertArrayEquals(new int[] {2, 2, 1, 1, 1, 1, 1, 1, 1, 1}, d.train().classCounts());
        assertEquals(4, d.files().size());
        assertTrue(d.files().stream().allMatch(SourceFile::verified));
        float[] batch = d.train().images(new int[] {0, 1});
        assertEquals(24, batch.length);
        assertEquals(37f / 255f, batch[1], 1e-7);
    }

    @Test
    void countMismatchBadLabelAndDigestMismatchAreReported() throws IOException {
        Path dir = dataset(IdxFiles.images(12, 4, 3), IdxFiles.labels(11));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxDatasetLoader.load("tiny", dir, specs(dir)));
        assertTrue(e.getMessage().contains("holds 11 labels, expected 12"), e.getMessage());

        byte[] labels = IdxFiles.labels(12);
        labels[labels.length - 1] = 12;
        Path dir2 = dataset(IdxFiles.images(12, 4, 3), labels);
        e = assertThrows(DataFormatException.class, () -> IdxDatasetLoader.load("tiny", dir2, specs(dir2)));
        assertTrue(e.getMessage().contains("label 12 at index 11, expected 0..9"), e.getMessage());

        Path dir3 = dataset(IdxFiles.images(12, 4, 3), IdxFiles.labels(12));
        List<IdxDatasetLoader.Spec> wrong = new java.util.ArrayList<>(specs(dir3));
        wrong.set(0, new IdxDatasetLoader.Spec("train-images", "train-images-idx3-ubyte", "00".repeat(32)));
        e = assertThrows(DataFormatException.class, () -> IdxDatasetLoader.load("tiny", dir3, wrong));
        assertTrue(e.getMessage().contains("content SHA-256"), e.getMessage());
    }

    @Test
    void missingFilesAreListed() {
        IOException e = assertThrows(IOException.class, () -> Mnist.load(tmp, new DataHome(tmp)));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte[.gz]"), e.getMessage());
        e = assertThrows(IOException.class, () -> FashionMnist.load(tmp.resolve("nowhere")));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void aGzippedFileIsNeverInflatedBeyondWhatItsHeaderDeclares() throws IOException {
        byte[] good = IdxFiles.images(5, 4, 3);
        byte[] bomb = Arrays.copyOf(good, good.length + (64 << 20));
        Path gz = IdxFiles.write(tmp, "bomb.gz", IdxFiles.gzip(bomb));
        assertTrue(java.nio.file.Files.size(gz) < 200_000);
        String m = assertThrows(DataFormatException.class, () -> IdxReader.read(gz, 3)).getMessage();
        assertEquals(gz + ": the data runs past the declared 76 bytes (decompressed)", m);

        int[] huge = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        assertTrue(error(IdxFiles.idx(huge, new byte[8]), 3).contains("whose product exceeds 2^63 bytes"));
    }

    @Test
    void aDanglingLinkIsNamedAsOne() throws IOException {
        Path link = java.nio.file.Files.createSymbolicLink(tmp.resolve("gone-idx1-ubyte"), tmp.resolve("nowhere"));
        String m = assertThrows(DataFormatException.class, () -> IdxReader.read(link, 1)).getMessage();
        assertEquals(link + ": no such file (a dangling symbolic link to '" + tmp.resolve("nowhere") + "')", m);
    }
}
