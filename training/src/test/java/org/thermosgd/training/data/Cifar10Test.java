package org.thermosgd.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    @TempDir
    Path tmp;

    /** Record r of file f: label (f + r) % 10, red plane = r, green = 100 + f, blue = pixel index % 256. */
    private static byte[] batch(int f, int records) {
        byte[] b = new byte[records * Cifar10.RECORD];
        for (int r = 0; r < records; r++) {
            int off = r * Cifar10.RECORD;
            b[off] = (byte) ((f + r) % 10);
            for (int k = 0; k < 1024; k++) {
                b[off + 1 + k] = (byte) r;
                b[off + 1 + 1024 + k] = (byte) (100 + f);
                b[off + 1 + 2048 + k] = (byte) (k % 256);
            }
        }
        return b;
    }

    private Path write(int recordsPerFile) throws IOException {
        Path dir = tmp.resolve(Cifar10.FOLDER);
        Files.createDirectories(dir);
        for (int i = 0; i < 5; i++) {
            Files.write(dir.resolve(Cifar10.TRAIN_FILES.get(i)), batch(i, recordsPerFile));
        }
        Files.write(dir.resolve(Cifar10.TEST_FILE), batch(7, recordsPerFile));
        return dir;
    }

    @Test
    void readsRecordsInChannelMajorLayout() throws IOException {
        write(4);
        Dataset d = Cifar10.load(null, new DataHome(tmp));
        assertEquals(20, d.train().size());
        assertEquals(4, d.test().size());
        assertEquals(3, d.train().channels());
        assertEquals(32, d.train().height());
        // image 6 is record 2 of file 1 (4 records per file): label (1 + 2) % 10, red plane 2, green 101
        assertEquals(3, d.train().label(6));
        float[] img = d.train().images(new int[] {6});
        assertEquals(2f / 255f, img[0], 1e-7);
        assertEquals(101f / 255f, img[1024], 1e-7);
        assertEquals(77f / 255f, img[2048 + 77], 1e-7);
        assertEquals(6, d.files().size());
        assertNull(d.files().get(0).verified());
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 0, 0, 1, 1, 1}, d.test().classCounts());
    }

    @Test
    void rejectsPartialRecordEmptyFileBadLabelAndMissingFiles() throws IOException {
        Path dir = write(2);
        Path f = dir.resolve("data_batch_3.bin");
        byte[] good = Files.readAllBytes(f);

        Files.write(f, Arrays.copyOf(good, good.length - 1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, null));
        assertTrue(e.getMessage().startsWith(f + ": length 6145 is not a multiple of the 3073-byte record"),
                e.getMessage());

        Files.write(f, new byte[0]);
        e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, null));
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());

        byte[] bad = good.clone();
        bad[Cifar10.RECORD] = 10;
        Files.write(f, bad);
        e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, null));
        assertTrue(e.getMessage().contains("label 10 in record 1, expected 0..9"), e.getMessage());

        Files.delete(f);
        Files.delete(dir.resolve(Cifar10.TEST_FILE));
        IOException missing = assertThrows(IOException.class, () -> Cifar10.load(dir, null));
        assertTrue(missing.getMessage().contains("missing data_batch_3.bin, test_batch.bin"), missing.getMessage());
    }

    @Test
    void aGzippedBatchIsNeverInflatedBeyondTheTenThousandRecordsOfAPublishedFile() throws IOException {
        Path dir = write(2);
        Path f = dir.resolve("data_batch_2.bin");
        byte[] records = batch(1, Cifar10.RECORDS_PER_FILE + 1);
        Files.write(f, IdxFiles.gzip(records));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, null));
        assertEquals(f + ": the data runs past the declared 30730000 bytes (decompressed)", e.getMessage());
    }
}
