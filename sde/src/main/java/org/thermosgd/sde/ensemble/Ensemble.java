package org.thermosgd.sde.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.RandomProviderDefaultState;
import org.thermosgd.run.MemoryBudget;

/**
 * Runs M independent paths, path i on stream i of {@link RandomStreams#of}, on a fixed number of threads. Results
 * come back in path order and do not depend on the thread count.
 */
public final class Ensemble {
    /** One path's work: simulate with the given stream and return what it measured. */
    @FunctionalInterface
    public interface PathTask<R> {
        R run(int path, UniformRandomProvider rng) throws Exception;
    }

    /** Heap one path costs besides its result: its saved stream state, its task and its slot in the result list. */
    public static final int PATH_BYTES = 200;

    private Ensemble() {
    }

    /**
     * Refuses, before any stream is drawn, {@code paths} paths whose results take {@code resultBytes} each when they
     * would not fit in the Java heap; {@code what} names them as the user asked for them ("--chains 1000000000").
     */
    public static void requireHeap(String what, long paths, double resultBytes) {
        MemoryBudget.requireHeap(what + String.format(" (%,.0f bytes a path)", PATH_BYTES + resultBytes),
                paths * (PATH_BYTES + resultBytes));
    }

    public static <R> List<R> run(int paths, int threads, long seed, PathTask<R> task) {
        return run(paths, threads, seed, task, done -> { });
    }

    /**
     * @param onPathDone called with the number of finished paths after each one (from worker threads)
     */
    public static <R> List<R> run(int paths, int threads, long seed, PathTask<R> task, IntConsumer onPathDone) {
        if (paths <= 0) {
            throw new IllegalArgumentException("path count " + paths + " must be positive");
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("thread count " + threads + " must be positive");
        }
        requireHeap(paths + " paths", paths, 0);
        RandomProviderDefaultState[] streams = RandomStreams.states(seed, paths);
        AtomicInteger done = new AtomicInteger();
        if (threads == 1) {
            List<R> out = new ArrayList<>(paths);
            for (int i = 0; i < paths; i++) {
                out.add(call(task, i, streams[i]));
                onPathDone.accept(done.incrementAndGet());
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, paths), r -> {
            Thread t = new Thread(r, "thermosgd-ensemble");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>(paths);
            for (int i = 0; i < paths; i++) {
                int path = i;
                futures.add(pool.submit(() -> {
                    R r = call(task, path, streams[path]);
                    onPathDone.accept(done.incrementAndGet());
                    return r;
                }));
            }
            List<R> out = new ArrayList<>(paths);
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ensemble interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c.getMessage(), c);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R call(PathTask<R> task, int path, RandomProviderDefaultState state) {
        try {
            return task.run(path, RandomStreams.restore(state));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("path " + path + ": " + e.getMessage(), e);
        }
    }
}
