package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.data.DatasetInfo;
import org.thermosgd.training.data.Datasets;
import org.thermosgd.validation.text.DataText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code thermosgd data}: fetch, verify and describe the data sets. */
@Command(name = "data", description = "Fetch, verify and describe MNIST, Fashion-MNIST and CIFAR-10.",
        mixinStandardHelpOptions = true, subcommands = {DataCommand.Info.class, DataCommand.Fetch.class})
final class DataCommand extends CommandGroup {
    static final class DatasetName extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        DatasetName() {
            super(Datasets.NAMES);
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print counts, image shape, class counts, pixel statistics and file SHA-256s.")
    static final class Info implements Callable<Integer> {
        @Parameters(paramLabel = "DATASET", completionCandidates = DatasetName.class,
                description = "One of: ${COMPLETION-CANDIDATES}.")
        String dataset;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "Folder holding the data set's files (default: the cache, or the Debian package's"
                        + " folder for fashion-mnist).")
        Path dir;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws IOException {
            return json.print(DatasetInfo.of(Datasets.load(dataset, dir, DataHome.fromEnvironment())), DataText::of);
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch MNIST into the cache and verify it (other data sets say where they come from).")
    static final class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DATASET", completionCandidates = DatasetName.class,
                description = "One of: ${COMPLETION-CANDIDATES}.")
        String dataset;

        @Option(names = "--force", description = "Fetch again even if a cached copy exists.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            out.println(Datasets.fetch(dataset, DataHome.fromEnvironment(), force));
            out.flush();
            return 0;
        }
    }
}
