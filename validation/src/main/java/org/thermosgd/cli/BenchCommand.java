package org.thermosgd.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thermosgd.run.Json;
import org.thermosgd.sde.ensemble.Ensemble;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.integrator.Stepper;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.UnderdampedLangevin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermosgd bench}: throughput measurements that bench/ scripts compare with reference implementations. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput benchmarks (bench/ compares them with references).",
        subcommands = {BenchCommand.SdeEm.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "sde-em", mixinStandardHelpOptions = true,
            description = "Euler-Maruyama for underdamped Langevin on a diagonal quadratic: path-steps per second.")
    static final class SdeEm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dim", defaultValue = "1000", description = "Dimension n (default ${DEFAULT-VALUE}).")
        int dim;

        @Option(names = "--paths", defaultValue = "1000", description = "Paths M (default ${DEFAULT-VALUE}).")
        int paths;

        @Option(names = "--steps", defaultValue = "200", description = "Steps per path (default ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--threads", defaultValue = "1", description = "Threads (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--repeats", defaultValue = "3",
                description = "Timed repeats after one warm-up; the median is reported (default ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            double[] h = new double[dim];
            for (int i = 0; i < dim; i++) {
                h[i] = 0.5 + 1.5 * i / Math.max(1, dim - 1);
            }
            UnderdampedLangevin p = UnderdampedLangevin.atTemperature(QuadraticPotential.diagonal(h), 1.0, 1.0);
            double dt = 0.01;
            double[] times = new double[repeats];
            double checksum = 0;
            for (int r = -1; r < repeats; r++) {
                long t0 = System.nanoTime();
                List<Double> ends = Ensemble.run(paths, threads, seed + r, (i, rng) -> {
                    Stepper s = EulerMaruyama.create().stepper(p, dt, rng);
                    double[] y = new double[2 * dim];
                    for (int k = 0; k < steps; k++) {
                        s.step(k * dt, y);
                    }
                    return y[0];
                });
                double sec = (System.nanoTime() - t0) / 1e9;
                if (r >= 0) {
                    times[r] = sec;
                    checksum = ends.stream().mapToDouble(Double::doubleValue).sum();
                }
            }
            java.util.Arrays.sort(times);
            double median = times[repeats / 2];
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("implementation", "thermosgd EulerMaruyama (path-major, XoRoShiRo128++ + ziggurat)");
            out.put("dim", dim);
            out.put("paths", paths);
            out.put("steps", steps);
            out.put("threads", threads);
            out.put("medianSeconds", median);
            out.put("bestSeconds", times[0]);
            out.put("pathStepsPerSecond", (double) paths * steps / median);
            out.put("bestPathStepsPerSecond", (double) paths * steps / times[0]);
            out.put("checksum", checksum);
            PrintWriter w = spec.commandLine().getOut();
            w.println(Json.write(out));
            w.flush();
            return 0;
        }
    }
}
