package org.thermosgd.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that a reader never sees a half-written one: the bytes go to a temporary file in the same
 * directory, which is then renamed over the target.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** A body that writes the whole content of a file to the given stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            readableByAll(tmp);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.writeTo(out);
            }
            moveReplacing(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temporary files are created owner-only; results are meant to be shared like any other file (0644). */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // the file system's defaults apply
        }
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Deletes the temporary files a killed writer left under {@code dir} (hidden files named
     * {@code .<target>.<digits>.tmp}, or {@code .png} for figures); returns how many.
     */
    public static int removeStaleTemporaries(Path dir) throws IOException {
        return removeStaleTemporaries(dir, Integer.MAX_VALUE);
    }

    /** {@link #removeStaleTemporaries(Path)} down to {@code depth} levels (1: the folder's own files). */
    public static int removeStaleTemporaries(Path dir, int depth) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        java.util.regex.Pattern stale = java.util.regex.Pattern.compile("^\\..+\\.\\d+\\.(tmp|png)$");
        int n = 0;
        try (var walk = Files.walk(dir, depth)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (stale.matcher(p.getFileName().toString()).matches()) {
                    Files.deleteIfExists(p);
                    n++;
                }
            }
        }
        return n;
    }

    /** Moves a finished temporary file (written by a library that wants a path) into place, readable by all. */
    public static void publish(Path finishedTemp, Path target) throws IOException {
        readableByAll(finishedTemp);
        moveReplacing(finishedTemp, target);
    }

    /** Renames {@code source} onto {@code target}, atomically where the file system allows it. */
    public static void moveReplacing(Path source, Path target) throws IOException {
        FaultPoint.reach("rename:" + target.getFileName());
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
