package org.thermosgd.validation.reproduce;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.thermosgd.run.Json;
import org.thermosgd.sde.io.JsonMutation;
import org.thermosgd.training.data.DataHome;

/**
 * A reproduction's manifest.json with one corruption (a hostile run id such as {@code ../../victim}, a huge or
 * fractional number, a value of another JSON type, a character deleted or inserted, the text cut) is read or refused
 * with a one-line error naming the file, and every run folder of a manifest that is read lies inside the
 * reproduction's {@code runs/} folder.
 */
class ManifestPropertyTest {
    private static final String VALID = Json.write(Experiments.plan("fig1", "quick", 2, null, null,
            DataHome.fromEnvironment()));

    @Provide
    Arbitrary<JsonMutation> mutations() {
        return JsonMutation.any();
    }

    @Property(tries = 400, seed = "20261211")
    void corruptedManifestsAreReadOrRefusedInOneLineAndRunsStayInside(@ForAll("mutations") JsonMutation m)
            throws IOException {
        Path dir = Files.createTempDirectory("reproduction");
        Path file = dir.resolve(Manifests.MANIFEST);
        String text = m.apply(VALID);
        try {
            Files.writeString(file, text);
            Experiments.Manifest read;
            try {
                read = Manifests.read(file);
            } catch (IOException | IllegalArgumentException e) {
                assertTrue(e.getMessage() != null && e.getMessage().contains(file.toString())
                        && e.getMessage().lines().count() == 1, m + ": " + e.getMessage());
                return;
            } catch (RuntimeException | Error e) {
                throw new AssertionError(m + " -> " + e, e);
            }
            Path runs = dir.resolve("runs").normalize();
            for (Experiments.Run r : read.runs()) {
                Path rd = Manifests.runDir(dir, r).normalize();
                assertTrue(rd.getParent().equals(runs), m + ": run folder " + rd + " is not a child of " + runs);
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
