package org.thermosgd.validation.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    /** Without a terminal: notes and the periodic line go to standard error, with the time left; --json silences. */
    @Test
    void linesSayHowFarAndHowLongAndQuietSilencesThem() {
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            Progress.quiet(false);
            try (Progress p = Progress.of("hessian cnn", 80, "products")) {
                p.step(20);
                String line = p.line(System.nanoTime() + 30_000_000_000L);
                assertTrue(line.matches("hessian cnn: 20 of 80 products, 30 s elapsed, about 9\\d s left"), line);
                p.note("run-a: epoch 1 of 2, train loss 0.4000 nats/sample");
            }
            Progress.quiet(true);
            try (Progress p = Progress.of("quiet", 10, "steps")) {
                p.note("never shown");
            }
        } finally {
            Progress.quiet(false);
            System.setErr(saved);
        }
        assertEquals("run-a: epoch 1 of 2, train loss 0.4000 nats/sample", buffer.toString(StandardCharsets.UTF_8)
                .strip());
    }
}
