package org.thermosgd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.thermosgd.validation.reproduce.ReproduceRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code thermosgd reproduce FIG}: run an experiment of the paper and write its figures and report. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce a figure of the paper: runs, figures, report (resumable).")
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FIG", description = "fig1, fig2, fig3, fig4, fig5, fig6 or all (each figure into its own"
            + " subfolder; fig4 runs on Fashion-MNIST where CIFAR-10 is absent).")
    String fig;

    @Option(names = "--scale", defaultValue = "quick",
            description = "quick (fewer epochs, same settings) or paper (default ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--seeds", description = "Seeds per setting (default 3 for fig3 and fig4, which report the spread"
            + " over seeds, 5 for fig4 on Fashion-MNIST; 1 otherwise).")
    Integer seeds;

    @Option(names = "--dataset", paramLabel = "NAME", description = "fig4's data, and fig6's right panel's: cifar10"
            + " (the paper's, VGG16) or fashion-mnist (Model 1 on 5,000 images, where it overfits); default cifar10,"
            + " or fashion-mnist for fig4 in all where CIFAR-10 is absent.")
    String dataset;

    @Option(names = "--cifar10", paramLabel = "DIR", description = "Folder with CIFAR-10's binary files (default:"
            + " $THERMOSGD_HOME/data/cifar-10-batches-bin); fig4 needs them, fig6 adds its VGG16 panel with them.")
    Path cifar10;

    @Option(names = "--jobs", paramLabel = "J", description = "Runs side by side, one thread each (default: the"
            + " count that finishes equal runs soonest on this machine's cores, at most twice the cores).")
    Integer jobs;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder (default reproductions/<UTC time>-FIG); an"
            + " existing reproduction folder is continued.")
    Path out;

    @Option(names = "--figure-width", defaultValue = "7.1", paramLabel = "INCHES", description = "Width of figures/FIG"
            + " (the paper's panels side by side): 3.5 for one column, 7.1 for two (default ${DEFAULT-VALUE}).")
    double figureWidth;

    @Option(names = "--plan", description = "Only write the manifest and a Slurm job-array script (slurm.sh).")
    boolean plan;

    @Option(names = "--missing", description = "With --plan on an existing reproduction (--out DIR): write"
            + " slurm-missing.sh, a job array of the unfinished runs only (after the job has ended).")
    boolean missing;

    /** For tests: shrink every run to this many epochs and training images (0 = as planned). */
    @Option(names = "--test-epochs", hidden = true, defaultValue = "0")
    int testEpochs;

    @Option(names = "--test-subset", hidden = true, defaultValue = "0")
    int testSubset;

    /** For tests: stop after this many runs, as if killed (0 = all). */
    @Option(names = "--test-max-runs", hidden = true, defaultValue = "0")
    int testMaxRuns;

    @Override
    public Integer call() throws IOException {
        ReproduceRun.execute(fig, new ReproduceRun.Options(scale, seeds, dataset, cifar10, jobs, out, plan, missing,
                figureWidth, testEpochs,
                testSubset, testMaxRuns), spec.commandLine().getOut());
        return 0;
    }
}
