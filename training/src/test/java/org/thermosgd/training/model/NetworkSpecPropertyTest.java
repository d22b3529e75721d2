package org.thermosgd.training.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.thermosgd.sde.io.JsonMutation;

/**
 * Network specifications with one corruption (a size set to 2^31, 2^40, -1, 50.7 or 1e999, a layer name set to
 * {@code ../../victim}, a newline or {@code ""}, a value of another JSON type, a character deleted or inserted, the
 * text cut) are read or refused with a one-line IllegalArgumentException naming the file: never another exception,
 * never allocating more than a small multiple of the text (no network is built); a specification that is read has
 * plain, distinct state-dict names and a parameter count that its shapes give.
 */
class NetworkSpecPropertyTest {
    private static final String VALID = "{\"name\": \"small\", \"input\": [1, 28, 28], \"layers\": ["
            + "{\"type\": \"conv2d\", \"name\": \"features.0\", \"in_channels\": 1, \"out_channels\": 8,"
            + " \"kernel_size\": 3, \"stride\": 2, \"padding\": 1},"
            + " {\"type\": \"relu\"}, {\"type\": \"maxpool2d\", \"kernel_size\": 2},"
            + " {\"type\": \"flatten\"}, {\"type\": \"linear\", \"name\": \"classifier\", \"in_features\": 392,"
            + " \"out_features\": 10}]}";

    @Provide
    Arbitrary<JsonMutation> mutations() {
        return JsonMutation.any();
    }

    @Property(tries = 500, seed = "20261212")
    void corruptedSpecificationsAreReadOrRefusedInOneLine(@ForAll("mutations") JsonMutation m) throws IOException {
        String text = m.apply(VALID);
        Path file = Files.createTempFile("spec", ".json");
        try {
            Files.writeString(file, text);
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            NetworkSpec spec;
            try {
                spec = NetworkSpec.read(file);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage() != null && e.getMessage().startsWith(file.toString())
                        && e.getMessage().lines().count() == 1, text + " -> " + e.getMessage());
                return;
            } catch (RuntimeException | Error e) {
                throw new AssertionError(text + " -> " + e, e);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < (16 << 20), text + ": allocated " + allocated + " bytes to read");
            Set<String> names = new HashSet<>();
            long total = 0;
            for (ParameterBlock b : spec.blocks()) {
                assertTrue(b.name().matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*"), text + ": " + b.name());
                assertTrue(names.add(b.name()), text + ": " + b.name() + " twice");
                assertTrue(b.offset() == total, text + ": " + b);
                total += b.size();
            }
            assertTrue(total == spec.parameterCount() && total > 0, text);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
