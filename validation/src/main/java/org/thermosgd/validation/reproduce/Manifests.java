package org.thermosgd.validation.reproduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.thermosgd.run.FolderLock;
import org.thermosgd.run.Json;

/**
 * A reproduction folder's manifest.json: where a new folder goes, writing the manifest or checking an existing one,
 * refusing a folder that is not a reproduction, reading it back, and each run's directory under runs/.
 */
public final class Manifests {
    public static final String MANIFEST = "manifest.json";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Manifests() {
    }

    public static Path folder(Path out, String fig) {
        return out != null ? out : Path.of("reproductions", STAMP.format(Instant.now()) + "-" + fig);
    }

    /**
     * Writes the manifest, or checks that an existing one describes the same reproduction (a folder that is not one
     * is refused earlier, by {@link #requireUsable}).
     */
    public static void write(Path dir, Experiments.Manifest m) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (Files.exists(file)) {
            Experiments.Manifest old = read(file);
            if (!old.experiment().equals(m.experiment()) || !old.scale().equals(m.scale())
                    || old.seeds() != m.seeds() || !old.runs().equals(m.runs())) {
                throw new IllegalArgumentException(dir + " holds a different reproduction (" + old.experiment() + ", "
                        + old.scale() + ", " + old.seeds() + " seeds); choose another --out");
            }
            return;
        }
        Files.createDirectories(dir);
        Json.writeAtomically(file, m);
    }

    /**
     * Refuses, before anything is written, a folder that is neither absent, empty, nor a reproduction (a file, or a
     * folder of someone's own files).
     */
    public static void requireUsable(Path dir) throws IOException {
        if (Files.exists(dir.resolve(MANIFEST))) {
            return;
        }
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.anyMatch(e -> !e.getFileName().toString().equals(FolderLock.FILE))) {
                    throw new IllegalArgumentException(dir + " is not empty and holds no " + MANIFEST + ": only an"
                            + " empty folder or a reproduction of the same runs can be used; choose another --out");
                }
            }
        } else if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " is a file, not a folder; choose another --out");
        }
    }

    public static Experiments.Manifest read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no manifest (expected the manifest.json of a reproduction)");
        }
        return Json.read(file, Experiments.Manifest.class);
    }

    public static Path runDir(Path dir, Experiments.Run r) {
        return dir.resolve("runs").resolve(r.id());
    }
}
