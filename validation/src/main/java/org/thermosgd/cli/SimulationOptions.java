package org.thermosgd.cli;

import picocli.CommandLine.Option;

/** Options shared by the commands that compare an exact stationary law with simulated paths. */
final class SimulationOptions {
    @Option(names = "--simulate", description = "Also simulate independent paths (chains).")
    boolean simulate;

    @Option(names = {"--paths", "--chains"}, defaultValue = "64",
            description = "Independent paths (chains) to simulate (default ${DEFAULT-VALUE}).")
    int paths;

    @Option(names = "--steps", defaultValue = "100000",
            description = "Measured steps per path after burn-in (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the paths' streams (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "1", description = "Threads (default ${DEFAULT-VALUE}).")
    int threads;
}
