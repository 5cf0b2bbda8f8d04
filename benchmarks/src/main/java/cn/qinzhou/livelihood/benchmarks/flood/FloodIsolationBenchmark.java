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

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * One lead unit flooding writes against the others: the other units submit first reports at a steady rate
 * (open loop, latency from the scheduled send time), once alone and once while one unit's clients send corrections
 * as fast as the answers come back, ignoring Retry-After. The write rate limit (platform ratelimit, per lead unit)
 * refuses most of the flood with 429 before any work; the others' p99 may rise by at most 20 %.
 */
public final class FloodIsolationBenchmark {

    private static final String NAME = "5 flood isolation";
    /**
     * The flooding unit's projects: the pool's last ones, which the other scenarios never reach; one per client, so
     * that the flood's stored writes do not mostly wait on each other's row locks (409).
     */
    private static final int FLOOD_PROJECTS = 64;

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
        steady(floodUnit, rate, Math.min(5, settings.floodSeconds())); // warm-up, not counted
        backlog.awaitDrained(Duration.ofSeconds(120));

        LoadResult alone = steady(floodUnit, rate, settings.floodSeconds());
        backlog.awaitDrained(Duration.ofSeconds(120));

        AtomicInteger sequence = new AtomicInteger();
        // Connections of its own (each run opens its own), as the flooding unit is another client.
        CompletableFuture<LoadResult> flood = CompletableFuture.supplyAsync(() -> ClosedLoop.run(
                settings.floodClients(), Integer.MAX_VALUE, Duration.ofSeconds(settings.floodSeconds() + 2), i -> {
                    int n = sequence.getAndIncrement();
                    int project = poolSize - 1 - BenchProjects.UNITS * (n % FLOOD_PROJECTS);
                    return projects.submission(project, ReportBodies.correction(n));
                }, 200));
        sleep(1_000); // the flood is under way (and its burst spent) before the measured load starts
        LoadResult during = steady(floodUnit, rate, settings.floodSeconds());
        LoadResult flooded = flood.join();
        backlog.awaitDrained(Duration.ofSeconds(120));

        double ratio = during.percentileMillis(99) / alone.percentileMillis(99);
        results.add(NAME, "others' p50 / p99 ms alone" + at, number(alone.percentileMillis(50), 1) + " / "
                + number(alone.percentileMillis(99), 1), answers(alone) + "; " + Results.load());
        results.add(NAME, "others' p50 / p99 ms, one unit flooding" + at, number(during.percentileMillis(50), 1) + " / "
                + number(during.percentileMillis(99), 1), answers(during) + "; " + Results.load());
        results.add(NAME, "others' p99 flooding / alone", number(ratio, 2), "<= 1.20", ratio <= 1.20,
                "lead unit " + BenchProjects.unit(floodUnit) + " with " + settings.floodClients() + " clients, no back-off");
        long refused = flooded.unexpectedStatuses().getOrDefault(429, 0L);
        long firsts = flooded.unexpectedStatuses().getOrDefault(201, 0L);
        results.add(NAME, "flood: 429 refused / stored", number(refused, 0) + " / " + number(flooded.succeeded() + firsts, 0),
                number((refused + flooded.succeeded() + firsts) / flooded.seconds(), 0) + " writes/s sent for "
                        + number(flooded.seconds(), 1) + " s; stored " + number((flooded.succeeded() + firsts) / flooded.seconds(), 1)
                        + "/s; all answers " + flooded.unexpectedStatuses() + " + " + flooded.succeeded() + " × 200");
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
