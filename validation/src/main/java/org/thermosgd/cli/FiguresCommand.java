package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
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
        List<Path> written = Figures.rerenderAll(dir);
        PrintWriter w = spec.commandLine().getOut();
        for (Path f : written) {
            w.println("rendered " + f);
        }
        w.println(written.size() + " figure(s) re-rendered from " + dir);
        w.flush();
        return 0;
    }
}
