package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.RunDirectory;

/** File-format refusals of {@code diffusion --gradients} as the command line prints them. */
class FormatErrorsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aLargeFileWithABadMagicIsRefusedBeforeItIsHashed() throws Exception {
        Path f = tmp.resolve("huge.npy");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.write("not numpy".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            r.setLength(16L << 30);
        }
        String err = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> CommandLineHarness.fails("diffusion", "--gradients", f.toString()));
        assertTrue(err.contains("expected \\x93NUMPY"), err);
    }

    @Test
    void aDanglingLinkIsNamedAsOne() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("g.npz"), tmp.resolve("gone.npz"));
        String err = CommandLineHarness.fails("diffusion", "--gradients", link.toString());
        assertEquals("thermosgd: error: " + link + ": no such file (a dangling symbolic link to '"
                + tmp.resolve("gone.npz") + "')", err.strip());
    }

    @Test
    void aPathTheLocaleCannotEncodeSaysWhatToSet() {
        String m = RunDirectory.oneLine(new RuntimeException(new InvalidPathException("/data/gr\ufffd.npz",
                "Malformed input or input contains unmappable characters")));
        assertTrue(m.startsWith("path '/data/gr\ufffd.npz' cannot be represented in this locale's charset ("), m);
        assertTrue(m.endsWith("; set LC_ALL=C.UTF-8 (or another UTF-8 locale)"), m);
    }
}
