package dev.qrly.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks with this project's defaults (1 fork, 5 warm-up and 10 measured iterations
 * of 1 s) and prints, after JMH's own table, the median of each benchmark's iterations and the
 * ratios that docs/BENCHMARKS.md quotes. Any JMH command-line option overrides a default, e.g.
 * {@code bin/bench -f 3 Engine}.
 */
public final class RunBenchmarks {

    /** Pairs compared side by side in one run: reference, then ours. */
    private static final String[][] RATIOS = {
        {"zxingPipelinePng300", "pipelinePng300"},
        {"zxingPipelinePng1024", "pipelinePng1024"},
    };

    private RunBenchmarks() {}

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(EngineBenchmark.class.getSimpleName());
            options.include(IngestBenchmark.class.getSimpleName());
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            options.warmupIterations(5);
        }
        if (!cli.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(10);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        String geo = System.getProperty("qrly.geoip");
        if (geo != null && !geo.isBlank()) {
            // the forked benchmark JVMs need it too, beside any -jvmArgsAppend given on the command line
            List<String> append = new ArrayList<>(cli.getJvmArgsAppend().orElse(List.of()));
            append.add("-Dqrly.geoip=" + geo);
            options.jvmArgsAppend(append.toArray(String[]::new));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        report(results);
    }

    private static void report(Collection<RunResult> results) {
        Map<String, Double> medians = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (RunResult run : results) {
            String name = run.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
                for (IterationResult iteration : benchmark.getIterationResults()) {
                    scores.add(iteration.getPrimaryResult().getScore());
                }
            }
            units.put(name, run.getPrimaryResult().getScoreUnit());
            medians.put(name, median(scores));
        }
        System.out.println();
        System.out.println("Medians of the measured iterations:");
        medians.forEach((name, value) -> System.out.printf(Locale.ROOT, "  %-24s %12.2f %s%n", name, value, units.get(name)));
        for (String[] pair : RATIOS) {
            Double reference = medians.get(pair[0]);
            Double ours = medians.get(pair[1]);
            if (reference != null && ours != null) {
                System.out.printf(Locale.ROOT, "Ratio %s / %s = %.2fx (ours is that many times faster)%n",
                        pair[0], pair[1], reference / ours);
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
