package org.thermosgd.sde.ensemble;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.thermosgd.sde.integrator.Stepper;

/**
 * The one burn-in-then-measure loop: M independent paths (path i on stream i, see {@link Ensemble}), each advanced by
 * its own {@link Stepper} from its initial state for {@code burnIn + measured} steps of size dt; step k goes from time
 * k dt to (k + 1) dt and the state after it is shown to the path's {@link Observer}, as burn-in for k < burnIn and as a
 * measurement after. What to record is the observer's business (moments, histograms, series): the driver only steps.
 * Results come back in path order and do not depend on the thread count.
 */
public final class PathDriver {
    /** Makes a path's stepper from its random stream (the stepper draws all of the path's noise from it). */
    @FunctionalInterface
    public interface StepperFactory {
        Stepper create(int path, UniformRandomProvider rng);
    }

    /** Sees every state of one path after each step, and says what the path measured. */
    public interface Observer<R> {
        /** The state after burn-in step k (k < burnIn). */
        default void burnIn(long step, double[] y) {
        }

        /** The state after measured step k (k >= burnIn). */
        void measure(long step, double[] y);

        R result();
    }

    /**
     * @param burnIn   steps discarded before measurement
     * @param measured steps measured
     * @param dt       step size (time of step k is k dt)
     */
    public record Schedule(long burnIn, long measured, double dt) {
        public Schedule {
            if (burnIn < 0 || measured < 0) {
                throw new IllegalArgumentException("burn-in " + burnIn + " and measured steps " + measured
                        + " must be >= 0");
            }
            if (!(dt > 0) || !Double.isFinite(dt)) {
                throw new IllegalArgumentException("step dt " + dt + " must be finite and > 0");
            }
        }

        public long total() {
            return burnIn + measured;
        }
    }

    private static final long PROGRESS_STEPS = 1 << 14;

    private PathDriver() {
    }

    public static <R> List<R> run(int paths, int threads, long seed, StepperFactory steppers,
                                  IntFunction<double[]> initial, Schedule schedule,
                                  Supplier<? extends Observer<R>> observers) {
        return run(paths, threads, seed, steppers, initial, schedule, observers, steps -> { });
    }

    /** @param progress told of finished steps in chunks (from worker threads) */
    public static <R> List<R> run(int paths, int threads, long seed, StepperFactory steppers,
                                  IntFunction<double[]> initial, Schedule schedule,
                                  Supplier<? extends Observer<R>> observers, LongConsumer progress) {
        return Ensemble.run(paths, threads, seed, (path, rng) -> {
            Stepper s = steppers.create(path, rng);
            double[] y = initial.apply(path);
            Observer<R> obs = observers.get();
            double dt = schedule.dt();
            long burnIn = schedule.burnIn();
            long total = schedule.total();
            for (long k = 0; k < total; k++) {
                s.step(k * dt, y);
                if (k < burnIn) {
                    obs.burnIn(k, y);
                } else {
                    obs.measure(k, y);
                }
                if ((k + 1) % PROGRESS_STEPS == 0) {
                    progress.accept(PROGRESS_STEPS);
                }
            }
            progress.accept(total % PROGRESS_STEPS);
            return obs.result();
        });
    }
}
