package cn.qinzhou.livelihood.benchmarks.flood;

import cn.qinzhou.livelihood.benchmarks.Settings;
import cn.qinzhou.livelihood.benchmarks.fixtures.Backlog;
import cn.qinzhou.livelihood.benchmarks.fixtures.BenchProjects;
import cn.qinzhou.livelihood.benchmarks.fixtures.ProjectPool;
import cn.qinzhou.livelihood.benchmarks.fixtures.ReportBodies;
import cn.qinzhou.livelihood.benchmarks.load.ClosedLoop;
import cn.qinzhou.livelihood.benchmarks.load.LoadResult;
import cn.qinzhou.livelihood.benchmarks.load.OpenLoop;
import cn.qinzhou.livelihood.benchmarks.load.Pause;
import cn.qinzhou.livelihood.benchmarks.results.Results;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        List<LoadResult> aloneRuns = new ArrayList<>();
        List<LoadResult> duringRuns = new ArrayList<>();
        List<LoadResult> floodRuns = new ArrayList<>();
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (boolean flooding : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                if (flooding) {
                    CompletableFuture<LoadResult> flood = flood(settings.floodSeconds() + 2);
                    Pause.millis(1_000); // the flood is under way (and its burst spent) before the measured load starts
                    duringRuns.add(steady(floodUnit, rate, settings.floodSeconds()));
                    floodRuns.add(flood.join());
                } else {
                    aloneRuns.add(steady(floodUnit, rate, settings.floodSeconds()));
                }
                backlog.awaitDrained(Duration.ofSeconds(120));
            }
            rounds.add(number(aloneRuns.get(round).percentileMillis(99), 1) + " → "
                    + number(duringRuns.get(round).percentileMillis(99), 1));
        }
        LoadResult alone = LoadResult.combined(aloneRuns);
        LoadResult during = LoadResult.combined(duringRuns);
        LoadResult flooded = LoadResult.combined(floodRuns);

        double ratio = during.percentileMillis(99) / alone.percentileMillis(99);
        results.add(NAME, "others' p50 / p99 ms alone" + at, number(alone.percentileMillis(50), 1) + " / "
                + number(alone.percentileMillis(99), 1), answers(alone) + " in " + ROUNDS + " phases of "
                + settings.floodSeconds() + " s; " + Results.load());
        results.add(NAME, "others' p50 / p99 ms, one unit flooding" + at, number(during.percentileMillis(50), 1) + " / "
                + number(during.percentileMillis(99), 1), answers(during) + " in " + ROUNDS
                + " phases, alternated with those alone; " + Results.load());
        results.add(NAME, "others' p99 flooding / alone", number(ratio, 2), "<= 1.20", ratio <= 1.20,
                "lead unit " + BenchProjects.unit(floodUnit) + " with " + settings.floodClients() + " clients, no back-off; "
                        + "each round's p99 alone → flooding: " + String.join(", ", rounds) + " ms");
        long refused = flooded.unexpectedStatuses().getOrDefault(429, 0L);
        long stored = flooded.succeeded() + flooded.unexpectedStatuses().getOrDefault(201, 0L);
        results.add(NAME, "flood: 429 refused / stored", number(refused, 0) + " / " + number(stored, 0),
                number((refused + stored) / flooded.seconds(), 0) + " writes/s sent for " + number(flooded.seconds(), 1)
                        + " s; stored " + number(stored / flooded.seconds(), 1) + "/s; all answers "
                        + flooded.unexpectedStatuses() + " + " + flooded.succeeded() + " × 200");
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
}
