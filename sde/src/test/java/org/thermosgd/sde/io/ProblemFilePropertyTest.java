package org.thermosgd.sde.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.thermosgd.sde.lyapunov.LinearSdeFile;
import org.thermosgd.sde.sgd.SgdProblemFile;

/**
 * Problem files ({@code sgd stationary --problem}, {@code sde stationary --problem}) with one corruption each are read
 * or refused with a one-line {@link JsonFields.ProblemFileException} naming the file: never another exception.
 */
class ProblemFilePropertyTest {
    private static final String SGD = "{\"form\": \"paper\", \"momentum\": 0.9, \"lr\": 0.01,\n"
            + " \"factor\": {\"type\": \"uniform\", \"low\": 0, \"high\": 1},\n"
            + " \"hessian\": [[1.0, 0.2], [0.2, 0.5]],\n"
            + " \"noise\": {\"type\": \"gaussian\", \"sigma\": [[1.0, 0.0], [0.0, 2.0]], \"batch\": 4}}\n";
    private static final String SGD_REGRESSION = "{\"form\": \"torch-nesterov\", \"momentum\": 0.5, \"lr\": 0.1,\n"
            + " \"factor\": {\"type\": \"cosine\", \"halfPeriodSteps\": 6},\n"
            + " \"noise\": {\"type\": \"regression\", \"features\": [[1, 0], [0, 1], [1, 1]], \"targets\": [1, 2, 3],"
            + " \"batch\": 2}}\n";
    private static final String SDE = "{\"drift\": [[-1.0, 0.5], [0.0, -2.0]], \"diffusion\": [[1.0, 0.0], [0.3, 1.0]],"
            + " \"scheme\": \"euler-maruyama\", \"dt\": 0.01}\n";

    @Provide
    Arbitrary<JsonMutation> mutations() {
        return JsonMutation.any();
    }

    @Property(tries = 400, seed = "20261208")
    void sgdProblemFilesAreReadOrRefusedInOneLine(@ForAll("mutations") JsonMutation m) throws IOException {
        readOrRefuse(m.apply(SGD), f -> SgdProblemFile.read(f));
        readOrRefuse(m.apply(SGD_REGRESSION), f -> SgdProblemFile.read(f));
    }

    @Property(tries = 300, seed = "20261209")
    void linearSdeFilesAreReadOrRefusedInOneLine(@ForAll("mutations") JsonMutation m) throws IOException {
        readOrRefuse(m.apply(SDE), f -> LinearSdeFile.read(f));
    }

    private interface Reader {
        void read(Path file);
    }

    private static void readOrRefuse(String text, Reader reader) throws IOException {
        Path file = Files.createTempFile("problem", ".json");
        try {
            Files.writeString(file, text);
            try {
                reader.read(file);
            } catch (JsonFields.ProblemFileException e) {
                assertTrue(e.getMessage() != null && e.getMessage().contains(file.toString())
                        && e.getMessage().lines().count() == 1, text + " -> " + e.getMessage());
            } catch (RuntimeException | Error e) {
                throw new AssertionError(text + " -> " + e, e);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
