package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.thermosgd.training.train.TrainSummary;
import org.thermosgd.validation.reproduce.Schedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermosgd run --manifest M --index I}: one run of a planned reproduction (a Slurm array task). */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run one entry of a reproduction manifest.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "A reproduction's manifest.json.")
    Path manifest;

    @Option(names = "--index", required = true, paramLabel = "I", description = "Run index, from 0.")
    int index;

    @Override
    public Integer call() throws IOException {
        TrainSummary s = Schedule.runOne(manifest, index, List.of("thermosgd", "run", "--manifest",
                manifest.toString(), "--index", Integer.toString(index)));
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%s: test accuracy %.4f, run directory %s%n", Path.of(s.runDirectory()).getFileName(),
                s.finalTestAccuracy(), s.runDirectory());
        w.flush();
        return 0;
    }
}
