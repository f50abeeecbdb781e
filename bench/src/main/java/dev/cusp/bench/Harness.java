package dev.cusp.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The measuring loop of the harness benchmarks whose one call takes seconds (JMH's throughput mode needs many calls
 * per iteration): one warm-up call (unless the caller's JIT is already warm), then {@code runs} timed calls; the best run is the least disturbed one on a
 * shared machine, the median the typical one.
 */
final class Harness {

    /** Seconds of the timed runs, and what the last call returned. */
    record Timing<T>(double[] seconds, T last) {
        double best() {
            return Arrays.stream(seconds).min().orElseThrow();
        }

        double median() {
            double[] sorted = seconds.clone();
            Arrays.sort(sorted);
            int m = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        }
    }

    private Harness() {
    }

    static <T> Timing<T> time(String what, int runs, Supplier<T> call) {
        return time(what, runs, true, call);
    }

    /** As {@link #time(String, int, Supplier)}, without the warm-up call when the JIT is already warm. */
    static <T> Timing<T> time(String what, int runs, boolean warmUp, Supplier<T> call) {
        T last = null;
        if (warmUp) {
            System.err.println("  " + what + ": warm-up");
            last = call.get();
        }
        double[] seconds = new double[runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            last = call.get();
            seconds[r] = (System.nanoTime() - start) / 1e9;
            System.err.printf(Locale.ROOT, "  %s: run %d/%d %.2f s%n", what, r + 1, runs, seconds[r]);
        }
        return new Timing<>(seconds, last);
    }

    static String threads() {
        return System.getenv().getOrDefault("OMP_NUM_THREADS", "default");
    }
}
