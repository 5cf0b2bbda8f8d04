package cn.qinzhou.livelihood.benchmarks.flood;

import cn.qinzhou.livelihood.benchmarks.Settings;
import cn.qinzhou.livelihood.benchmarks.fixtures.Backlog;
import cn.qinzhou.livelihood.benchmarks.fixtures.BenchProjects;
import cn.qinzhou.livelihood.benchmarks.fixtures.ProjectPool;
import cn.qinzhou.livelihood.benchmarks.fixtures.ReportBodies;
import cn.qinzhou.livelihood.benchmarks.load.ClosedLoop;
import cn.qinzhou.livelihood.benchmarks.load.LoadResult;
import cn.qinzhou.livelihood.benchmarks.load.OpenLoop;
import cn.qinzhou.livelihood.benchmarks.results.Results;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * One lead unit flooding writes against the others: the other units submit first reports at a steady rate
 * (open loop, latency from the scheduled send time), once alone and once while one unit's clients send corrections
 * as fast as the answers come back, ignoring Retry-After, in alternating rounds. The write rate limit (platform
 * ratelimit, per lead unit) refuses most of the flood with 429 before any work; the others' p99 may rise by at most 20 %.
 */
public final class FloodIsolationBenchmark {

    private static final String NAME = "5 flood isolation";
    /**
     * The flooding unit's projects: the pool's last ones, which the other scenarios never reach; one per client, so
     * that the flood's stored writes do not mostly wait on each other's row locks (409).
     */
    private static final int FLOOD_PROJECTS = 64;
    /** Rounds of the two conditions, each condition once a round; an even number, so each comes first as often. */
    private static final int ROUNDS = 4;

    private final Settings settings;
    private final ProjectPool projects;
    private final Backlog backlog;
    private final Results results;
    private final int poolSize;

    public FloodIsolationBenchmark(Settings settings, ProjectPool projects, int poolSize, Backlog backlog, Results results) {
        this.settings = settings;
        this.projects = projects;
        this.poolSize = poolSize;
        this.backlog = backlog;
        this.results = results;
    }

    public void run() {
        int floodUnit = (poolSize - 1) % BenchProjects.UNITS;
        int rate = settings.floodOthersPerSecond();
        String at = " @" + rate + "/s";
        // Warm-up, not counted: both kinds of traffic once, so that neither condition pays for compiling the code of the
        // other (a first run saw the first round's p99 near twice the last rounds', in both conditions).
        CompletableFuture<LoadResult> warmUpFlood = flood(settings.floodSeconds());
        steady(floodUnit, rate, settings.floodSeconds());
        warmUpFlood.join();
        backlog.awaitDrained(Duration.ofSeconds(120));

        // The two conditions alternate in rounds (alone then flooding, flooding then alone, ...), so that a drift of
        // the machine over the scenario (the JIT, a collection, the sweep) weighs on both alike, and the p99s are of
        // all the rounds' answers together: one phase's p99 over a few hundred answers is decided by two or three slow
        // ones, and varied more from run to run than the 20 % it is compared with.
        Histogram alone = new Histogram(3);
        Histogram during = new Histogram(3);
        long aloneAnswers = 0;
        long duringAnswers = 0;
        Map<Integer, Long> otherAnswers = new TreeMap<>();
        Map<Integer, Long> floodAnswers = new TreeMap<>();
        long floodStored = 0;
        double floodSeconds = 0;
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            LoadResult[] pair = new LoadResult[2];
            LoadResult flooded = null;
            for (boolean flooding : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                if (flooding) {
                    CompletableFuture<LoadResult> flood = flood(settings.floodSeconds() + 2);
                    sleep(1_000); // the flood is under way (and its burst spent) before the measured load starts
                    pair[1] = steady(floodUnit, rate, settings.floodSeconds());
                    flooded = flood.join();
                } else {
                    pair[0] = steady(floodUnit, rate, settings.floodSeconds());
                }
                backlog.awaitDrained(Duration.ofSeconds(120));
            }
            alone.add(pair[0].latencyMicros());
            during.add(pair[1].latencyMicros());
            aloneAnswers += pair[0].succeeded();
            duringAnswers += pair[1].succeeded();
            pair[0].unexpectedStatuses().forEach((status, count) -> otherAnswers.merge(status, count, Long::sum));
            pair[1].unexpectedStatuses().forEach((status, count) -> otherAnswers.merge(status, count, Long::sum));
            flooded.unexpectedStatuses().forEach((status, count) -> floodAnswers.merge(status, count, Long::sum));
            floodStored += flooded.succeeded();
            floodSeconds += flooded.seconds();
            rounds.add(number(pair[0].percentileMillis(99), 1) + " → " + number(pair[1].percentileMillis(99), 1));
        }

        double ratio = millis(during, 99) / millis(alone, 99);
        String others = (otherAnswers.isEmpty() ? "" : ", other answers " + otherAnswers) + "; " + Results.load();
        results.add(NAME, "others' p50 / p99 ms alone" + at, number(millis(alone, 50), 1) + " / "
                + number(millis(alone, 99), 1), aloneAnswers + " × 201 in " + ROUNDS + " phases of " + settings.floodSeconds() + " s" + others);
        results.add(NAME, "others' p50 / p99 ms, one unit flooding" + at, number(millis(during, 50), 1) + " / "
                + number(millis(during, 99), 1), duringAnswers + " × 201 in " + ROUNDS + " phases, alternated with those alone" + others);
        results.add(NAME, "others' p99 flooding / alone", number(ratio, 2), "<= 1.20", ratio <= 1.20,
                "lead unit " + BenchProjects.unit(floodUnit) + " with " + settings.floodClients() + " clients, no back-off; "
                        + "each round's p99 alone → flooding: " + String.join(", ", rounds) + " ms");
        long refused = floodAnswers.getOrDefault(429, 0L);
        long stored = floodStored + floodAnswers.getOrDefault(201, 0L);
        results.add(NAME, "flood: 429 refused / stored", number(refused, 0) + " / " + number(stored, 0),
                number((refused + stored) / floodSeconds, 0) + " writes/s sent for " + number(floodSeconds, 1)
                        + " s; stored " + number(stored / floodSeconds, 1) + "/s; all answers " + floodAnswers + " + "
                        + floodStored + " × 200");
    }

    /** One unit's clients sending corrections as fast as the answers come back, on connections of their own. */
    private CompletableFuture<LoadResult> flood(int seconds) {
        AtomicInteger sequence = new AtomicInteger();
        return CompletableFuture.supplyAsync(() -> ClosedLoop.run(
                settings.floodClients(), Integer.MAX_VALUE, Duration.ofSeconds(seconds), i -> {
                    int n = sequence.getAndIncrement();
                    int project = poolSize - 1 - BenchProjects.UNITS * (n % FLOOD_PROJECTS);
                    return projects.submission(project, ReportBodies.correction(n));
                }, 200));
    }

    private static double millis(Histogram latencyMicros, double percentile) {
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** First reports of the other units at a steady rate; the flooding unit's projects are skipped. */
    private LoadResult steady(int floodUnit, int rate, int seconds) {
        int requests = rate * seconds;
        int[] assigned = new int[requests];
        for (int i = 0; i < requests; i++) {
            int project = projects.take();
            while (project % BenchProjects.UNITS == floodUnit) {
                project = projects.take();
            }
            assigned[i] = project;
        }
        return OpenLoop.run(rate, 32, requests,
                i -> projects.submission(assigned[i], ReportBodies.onTrack(assigned[i])), 201, (i, scheduled) -> {
                });
    }

    private static String answers(LoadResult result) {
        return result.succeeded() + " × 201" + (result.failed() == 0 ? "" : ", other answers " + result.unexpectedStatuses());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
