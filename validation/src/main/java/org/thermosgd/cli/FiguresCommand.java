package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.thermosgd.figures.Figures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code thermosgd figures DIR}: re-render every stored figure from its CSV, without recomputing anything. */
@Command(name = "figures", mixinStandardHelpOptions = true,
        description = "Re-render every figure under a folder from its stored CSV.")
final class FiguresCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A run or reproduction folder.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a folder");
        }
        List<Path> specs;
        try (Stream<Path> walk = Files.walk(dir)) {
            specs = walk.filter(p -> p.getFileName().toString().endsWith(".figure.json")).sorted().toList();
        }
        PrintWriter w = spec.commandLine().getOut();
        for (Path s : specs) {
            w.println("rendered " + Figures.rerender(s));
        }
        w.println(specs.size() + " figure(s) re-rendered from " + dir);
        w.flush();
        return 0;
    }
}
