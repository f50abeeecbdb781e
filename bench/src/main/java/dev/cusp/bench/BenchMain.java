package dev.cusp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks and prints examples/s, GFLOP/s and the fraction of the machine's nominal peak as a
 * Markdown table (bench/run.sh runs it once per thread setting). Arguments: an include regex (default: all),
 * then {@code quick} for 1 warm-up and 3 measurement iterations of 1 s ({@code full}: each benchmark's own), then
 * JMH parameters {@code name=v1,v2} that replace a benchmark's own values (for example {@code onednn=on}).
 */
public final class BenchMain {
    /** FP32 FLOPs per cycle per core with two AVX-512 FMA units: 2 units × 16 lanes × 2 (multiply + add). */
    static final int FP32_FLOPS_PER_CYCLE_AVX512 = 64;
    /** FP32 FLOPs per cycle per core with two AVX2 FMA units. */
    static final int FP32_FLOPS_PER_CYCLE_AVX2 = 32;

    public static void main(String[] args) throws RunnerException, IOException {
        String include = args.length > 0 ? args[0] : "dev.cusp.bench.*";
        boolean quick = args.length > 1 && args[1].equals("quick");
        ChainedOptionsBuilder options = new OptionsBuilder().include(include).shouldFailOnError(true);
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        for (int i = 2; i < args.length; i++) {
            String[] parameter = args[i].split("=", 2);
            if (parameter.length != 2) {
                throw new IllegalArgumentException("expected a JMH parameter name=value, got " + args[i]);
            }
            options.param(parameter[0], parameter[1].split(","));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        double peak = nominalPeakGflops();
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "default");
        System.out.printf(Locale.ROOT, "%n## OMP_NUM_THREADS=%s; nominal FP32 peak %.0f GFLOP/s (%d cores)%n%n",
                threads, peak, Runtime.getRuntime().availableProcessors());
        System.out.println("| benchmark | model | oneDNN | batch | examples/s | ± | best iteration | GFLOP/s | % of peak |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (RunResult run : results) {
            var params = run.getParams();
            String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            String model = params.getParam("model");
            String oneDnn = params.getParam("onednn") != null ? params.getParam("onednn") : "default";
            int batch = params.getParam("batch") != null ? Integer.parseInt(params.getParam("batch"))
                    : JacobianBench.BATCH;
            if (name.startsWith("attack")) {
                batch = AttackBench.BATCH;
            }
            double callsPerSecond = run.getPrimaryResult().getScore();
            double error = run.getPrimaryResult().getScoreError();
            double examples = callsPerSecond * batch;
            // on a shared machine the best iteration is the least disturbed one
            double best = batch * run.getBenchmarkResults().stream().flatMap(b -> b.getIterationResults().stream())
                    .mapToDouble(i -> i.getPrimaryResult().getScore()).max().orElse(Double.NaN);
            double flopsPerExample = flopsPerExample(name, model);
            double gflops = examples * flopsPerExample / 1e9;
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.1f | %.1f | %.1f | %s | %s |%n", name, model, oneDnn,
                    batch, examples, error * batch, best,
                    flopsPerExample > 0 ? String.format(Locale.ROOT, "%.2f", gflops) : "–",
                    flopsPerExample > 0 ? String.format(Locale.ROOT, "%.1f", 100 * gflops / peak) : "–");
        }
    }

    /** FLOPs of one example's worth of a benchmark, or 0 where counting them would be guesswork (LAPACK, attacks). */
    static double flopsPerExample(String benchmark, String model) {
        long forward = BenchModels.forwardFlops(model);
        return switch (benchmark) {
            case "inputGradient" -> (double) forward * BenchModels.gradientCostInForwards(model);
            case "logitJacobians" -> BenchModels.jacobianFlops(model);
            default -> 0;
        };
    }

    /** Cores × clock × FP32 FLOPs per cycle, read from /proc/cpuinfo (AVX-512 or AVX2 FMA). */
    static double nominalPeakGflops() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/cpuinfo")));
        double mhz = lines.stream().filter(l -> l.startsWith("cpu MHz")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.indexOf(':') + 1).trim())).orElse(2000.0);
        boolean avx512 = lines.stream().anyMatch(l -> l.startsWith("flags") && l.contains(" avx512f"));
        int perCycle = avx512 ? FP32_FLOPS_PER_CYCLE_AVX512 : FP32_FLOPS_PER_CYCLE_AVX2;
        return Runtime.getRuntime().availableProcessors() * mhz * 1e6 * perCycle / 1e9;
    }

    private BenchMain() {
    }
}
