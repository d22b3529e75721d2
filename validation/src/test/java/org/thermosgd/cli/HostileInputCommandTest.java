package org.thermosgd.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22's hostile inputs to network specifications, simulations and solvers: each is one line naming the option,
 * file or field, what was found and the limit, before any run folder is made or memory is asked for.
 */
class HostileInputCommandTest {
    @TempDir
    Path tmp;

    private Path file(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** conv2d (with the given extras), relu, flatten, linear with {@code out} outputs (and the given extras). */
    private Path spec(String name, String convExtra, int out, String linearExtra) throws Exception {
        return file(name, "{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 2,"
                + " \"kernel_size\": 3" + convExtra + "}, {\"type\": \"relu\"}, {\"type\": \"flatten\"}, {\"type\":"
                + " \"linear\", \"out_features\": " + out + linearExtra + "}]}");
    }

    private static final String PROBLEM = "{\"form\": \"paper\", \"momentum\": 0.9, \"lr\": %s, \"factor\": %s,"
            + " \"hessian\": [[%s]], \"noise\": {\"type\": \"gaussian\", \"sigma\": [[1.0]], \"batch\": 1}}";

    private Path problem(String lr, String factor, String h) throws Exception {
        return file("p.json", String.format(PROBLEM, lr, factor, h));
    }

    @Test
    void duplicateAndMalformedLayerNamesAreRefused() throws Exception {
        String e = CommandLineHarness.fails("models", spec("dup.json", ", \"name\": \"fc\"", 10,
                ", \"name\": \"fc\"").toString());
        assertTrue(e.contains("dup.json") && e.contains("layer 3 (linear)") && e.contains("\"fc\"")
                && e.contains("layer 0 (conv2d)"), e);
        e = CommandLineHarness.fails("models", spec("empty.json", ", \"name\": \"\"", 10, "").toString());
        assertTrue(e.contains("layers[0].name") && e.contains("\"\""), e);
        e = CommandLineHarness.fails("train", "--model", spec("arr.json", "", 10, ", \"name\": [1]").toString(),
                "--out", tmp.resolve("run").toString());
        assertTrue(e.contains("layers[3].name") && e.contains("[1]"), e);
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    @Test
    void overflowingPaddingIsRefusedNotPrintedAsAWrongShape() throws Exception {
        String e = CommandLineHarness.fails("models", spec("pad.json", ", \"padding\": 1073741823", 10, "")
                .toString());
        assertTrue(e.contains("layer 0 (conv2d)") && e.contains("padding 1073741823"), e);
    }

    @Test
    void networksThatCannotTrainAreRefusedBeforeTheRunFolder() throws Exception {
        Path run = tmp.resolve("run");
        String e = CommandLineHarness.fails("train", "--model", spec("eight.json", "", 8, "").toString(), "--out",
                run.toString());
        assertTrue(e.contains("eight.json") && e.contains("layer 3 (linear)") && e.contains("8 outputs")
                && e.contains("10 classes"), e);
        Path wide = file("wide.json", "{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"conv2d\", \"out_channels\":"
                + " 1, \"kernel_size\": 1, \"padding\": 20000}, {\"type\": \"maxpool2d\", \"kernel_size\": 40028},"
                + " {\"type\": \"flatten\"}, {\"type\": \"linear\", \"out_features\": 10}]}");
        e = CommandLineHarness.fails("train", "--model", wide.toString(), "--out", run.toString());
        assertTrue(e.contains("wide.json") && e.contains("at batch 256") && e.contains("TB of memory")
                && e.contains("this machine has"), e);
        StringBuilder relus = new StringBuilder("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"flatten\"}");
        relus.append(", {\"type\": \"relu\"}".repeat(10_000));
        e = CommandLineHarness.fails("train", "--model", file("relu.json", relus + ", {\"type\": \"linear\","
                + " \"out_features\": 10}]}").toString(), "--out", run.toString());
        assertTrue(e.contains("10002 layers, more than the 1000"), e);
        assertFalse(Files.exists(run));
    }

    @Test
    void simulationSizesAreRefusedBeforeAllocating() throws Exception {
        Path p = problem("0.01", "{\"type\": \"constant\", \"value\": 1}", "1.0");
        String e = CommandLineHarness.fails("sgd", "stationary", "--problem", p.toString(), "--simulate", "--chains",
                "2000000000");
        assertTrue(e.contains("--chains 2000000000") && e.contains("of Java heap, more than"), e);
        Path out = tmp.resolve("sim");
        e = CommandLineHarness.fails("sde", "simulate", "--paths", "100000000", "--out", out.toString());
        assertTrue(e.contains("--paths 100000000") && e.contains("of Java heap, more than"), e);
        e = CommandLineHarness.fails("sde", "simulate", "--dim", "100000000", "--out", out.toString());
        assertTrue(e.contains("--dim 100000000") && e.contains("of Java heap, more than"), e);
        e = CommandLineHarness.fails("sde", "simulate", "--steps", "1000000000000", "--burn-in", "0",
                "--record-every", "1", "--out", out.toString());
        assertTrue(e.contains("--steps 1000000000000") && e.contains("raise --record-every")
                && !e.contains("-727379968"), e);
        assertFalse(Files.exists(out));
        e = CommandLineHarness.fails("sgd", "stationary", "--problem", problem("0.01", "{\"type\": \"cosine\","
                + " \"halfPeriodSteps\": 1073741824}", "1.0").toString());
        assertTrue(e.contains("factor.halfPeriodSteps 1073741824 must be in [1, 1073741823]"), e);
    }

    @Test
    void solverFailuresSayWhatIsWrong() throws Exception {
        String e = CommandLineHarness.fails("sgd", "stationary", "--problem", problem("0.01",
                "{\"type\": \"constant\", \"value\": 1}", "1e300").toString());
        assertTrue(e.contains("p.json: hessian has an entry 1.0E300") && !e.contains("convergence failed"), e);
        e = CommandLineHarness.fails("sde", "stationary", "--problem", file("sde.json", "{\"drift\": [[-1e300,"
                + " 1e300], [1e300, -1e300]], \"diffusion\": [[1, 0], [0, 1]]}").toString());
        assertTrue(e.contains("field 'drift' has an entry -1.0E300") && !e.contains("out of bounds"), e);
        e = CommandLineHarness.fails("sgd", "stationary", "--problem", problem("1e-300",
                "{\"type\": \"constant\", \"value\": 1}", "1.0").toString());
        assertTrue(e.contains("double precision") && !e.contains("lr too large"), e);
        e = CommandLineHarness.fails("models", file("n.json", "{\"name\": {\"a\": 1}, \"input\": [1, 28, 28],"
                + " \"layers\": [{\"type\": \"flatten\"}, {\"type\": \"linear\", \"out_features\": 10}]}").toString());
        assertTrue(e.contains("field 'name' must be a string"), e);
    }
}
