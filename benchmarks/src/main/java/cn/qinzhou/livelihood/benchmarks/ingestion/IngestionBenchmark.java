package cn.qinzhou.livelihood.benchmarks.ingestion;

import cn.qinzhou.livelihood.benchmarks.Settings;
import cn.qinzhou.livelihood.benchmarks.fixtures.Backlog;
import cn.qinzhou.livelihood.benchmarks.fixtures.Database;
import cn.qinzhou.livelihood.benchmarks.fixtures.ProjectPool;
import cn.qinzhou.livelihood.benchmarks.fixtures.ReportBodies;
import cn.qinzhou.livelihood.benchmarks.footprint.ContextSwitches;
import cn.qinzhou.livelihood.benchmarks.footprint.CpuMeter;
import cn.qinzhou.livelihood.benchmarks.load.ClosedLoop;
import cn.qinzhou.livelihood.benchmarks.load.LoadResult;
import cn.qinzhou.livelihood.benchmarks.load.WarmUp;
import cn.qinzhou.livelihood.benchmarks.results.Results;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * Report ingestion: authenticated, validated first submissions (PUT, 201) per second and their latency at
 * each client count, and beside each the PostgreSQL ceiling for the same shape of write at the same concurrency
 * (pgbench, {@link PgbenchCeiling}), as a ratio, and pgbench's own median and p99 beside the service's. Targets: at 32
 * clients at least 30 % of the ceiling and p99 under 25 ms; at 128 clients no error and p99 under 100 ms.
 */
public final class IngestionBenchmark {

    private static final String NAME = "1 ingestion";

    private final Settings settings;
    private final ProjectPool projects;
    private final Backlog backlog;
    private final CpuMeter cpu;
    private final WalUsage wal;
    private final Results results;

    public IngestionBenchmark(Settings settings, ProjectPool projects, Backlog backlog, CpuMeter cpu, Database cluster,
                              Results results) {
        this.settings = settings;
        this.projects = projects;
        this.backlog = backlog;
        this.cpu = cpu;
        this.wal = new WalUsage(cluster);
        this.results = results;
    }

    public void run() {
        // JIT, connection pools and caches warm up on requests that are not counted, until their rate is steady.
        String warmUp = "warm-up rounds of " + settings.warmupRequests() + " at 32 clients until steady: "
                + WarmUp.untilSteady(10, 20, () -> {
                    double rate = submit(32, settings.warmupRequests()).throughput();
                    awaitRelayed();
                    return rate;
                });
        // The service's levels first, the ceilings after them: pgbench's own write load (its tables loaded, then up to
        // 200,000 transactions) leaves PostgreSQL checkpointing and vacuuming for a while, and a level measured right
        // after it was charged that CPU.
        Map<Integer, Level> levels = new LinkedHashMap<>();
        // Outside the CPU windows: a WAL snapshot waits for every process's counters, doing nothing. The one that ends
        // a window begins the next.
        WalUsage.Snapshot walBefore = wal.settled();
        for (int clients : settings.clientCounts()) {
            Map<String, Double> cpuBefore = cpu.snapshotWithNeighbours();
            Map<String, Double> compilersBefore = cpu.compilerSnapshot();
            Map<String, ContextSwitches.Count> switchesBefore = cpu.switchSnapshot();
            LoadResult service = submit(clients, settings.requestsPerLevel());
            String loadAverage = Results.load();
            String at = " @" + clients;
            results.add(NAME, "reports/s" + at, number(service.throughput(), 0),
                    service.succeeded() + " × 201 in " + number(service.seconds(), 1) + " s"
                            + (service.failed() == 0 ? "" : "; other answers " + service.unexpectedStatuses())
                            + (clients == settings.clientCounts().get(0) ? "; " + warmUp : ""));
            String latencies = number(service.percentileMillis(50), 1) + " / "
                    + number(service.percentileMillis(99), 1) + " / " + number(service.percentileMillis(99.9), 1);
            awaitRelayed();
            // After the relay drained: the CPU of publishing and of consuming the events is counted too.
            Map<String, Double> cpuAfter = cpu.snapshotWithNeighbours();
            Map<String, Double> compilersAfter = cpu.compilerSnapshot();
            Map<String, ContextSwitches.Count> switchesAfter = cpu.switchSnapshot();
            long reports = Math.max(1, service.succeeded());
            WalUsage.Snapshot walAfter = wal.settled();
            Level level = new Level(service, loadAverage, CpuMeter.of("postgres", cpuBefore, cpuAfter, reports),
                    WalUsage.per(walBefore, walAfter, reports));
            levels.put(clients, level);
            walBefore = walAfter;
            // The database's work a report in a measure the cores' speed does not move: the write-ahead log it made,
            // publishing and consuming included (pgbench's for the write alone is printed with the ceilings).
            results.add(NAME, "WAL a report" + at, level.walPerReport(),
                    "PostgreSQL's write-ahead log, the whole cluster's, over the level and until its events were applied");
            // The waits of a report's path in the services, the other count the cores' speed hardly moves.
            results.add(NAME, "context switches a report" + at, ContextSwitches.per(switchesBefore, switchesAfter, reports),
                    "each service's threads, voluntary / involuntary, over the level and until its events were applied");
            String cpuCost = CpuMeter.perRequest(cpuBefore, cpuAfter, service.succeeded(), 2) + "; of it the JIT compilers'"
                    + CpuMeter.each(compilersBefore, compilersAfter, service.succeeded(), 2);
            if (clients == 32) {
                results.add(NAME, "p50 / p99 / p99.9 ms" + at, latencies, "p99 < 25", service.percentileMillis(99) < 25, cpuCost);
                double total = CpuMeter.totalPerRequest(cpuBefore, cpuAfter, service.succeeded());
                results.add(NAME, "CPU ms/report" + at, number(total, 2), "<= 1.5", total <= 1.5,
                        "the three services, PostgreSQL and the broker, publishing and consuming included; the load generator apart");
            } else if (clients == 128) {
                results.add(NAME, "p50 / p99 / p99.9 ms" + at, latencies, "no error, p99 < 100",
                        service.failed() == 0 && service.percentileMillis(99) < 100, cpuCost);
            } else {
                results.add(NAME, "p50 / p99 / p99.9 ms" + at, latencies, cpuCost);
            }
        }
        try (PgbenchCeiling pgbench = new PgbenchCeiling()) {
            // After pgbench's tables were loaded.
            WalUsage.Snapshot pgbenchWalBefore = wal.settled();
            for (Map.Entry<Integer, Level> entry : levels.entrySet()) {
                int clients = entry.getKey();
                Level level = entry.getValue();
                String at = " @" + clients;
                Map<String, Double> cpuBefore = cpu.snapshotWithNeighbours();
                double clientBefore = CpuMeter.endedChildrenMillis();
                PgbenchCeiling.Ceiling ceiling = pgbench.run(clients, settings.pgbenchSeconds());
                double clientMillis = CpuMeter.endedChildrenMillis() - clientBefore;
                Map<String, Double> cpuAfter = cpu.snapshotWithNeighbours();
                WalUsage.Snapshot pgbenchWalAfter = wal.settled();
                String walPerTransaction = WalUsage.per(pgbenchWalBefore, pgbenchWalAfter, ceiling.transactions());
                pgbenchWalBefore = pgbenchWalAfter;
                double share = level.service().throughput() / ceiling.transactionsPerSecond();
                results.add(NAME, "pgbench ceiling tps" + at, number(ceiling.transactionsPerSecond(), 0),
                        "the submission's shape: a project read, then report + version + 1 KB outbox row in one statement, "
                                + "one transaction; avg " + number(ceiling.averageLatencyMillis(), 1) + " ms");
                // The write alone at the same client count: the latency the machine allows it, beside the service's.
                results.add(NAME, "pgbench p50 / p99 ms" + at, number(ceiling.percentileMillis(50), 1) + " / "
                                + number(ceiling.percentileMillis(99), 1),
                        "the same write alone, no HTTP, no service; the service's p50 / p99 "
                                + number(level.service().percentileMillis(50), 1) + " / "
                                + number(level.service().percentileMillis(99), 1) + " ms; "
                                + ceiling.latencies().getTotalCount() + " transactions logged, one in " + Math.round(1 / PgbenchCeiling.LOGGED_SHARE));
                // PostgreSQL's CPU for the write alone, against its CPU a report in the service's level.
                double postgresMillis = CpuMeter.of("postgres", cpuBefore, cpuAfter, ceiling.transactions());
                results.add(NAME, "pgbench PostgreSQL CPU ms/transaction" + at, number(postgresMillis, 2),
                        "against " + number(level.postgresPerReport(), 2) + " a report in the service's level; pgbench's client "
                                + number(clientMillis / ceiling.transactions(), 2) + "; every process a transaction, the stack idle:"
                                + CpuMeter.each(cpuBefore, cpuAfter, ceiling.transactions(), 2));
                results.add(NAME, "pgbench WAL a transaction" + at, walPerTransaction,
                        "the write alone, against " + level.walPerReport() + " a report in the service's level");
                if (clients == 32) {
                    results.add(NAME, "service / ceiling" + at, number(share * 100, 0) + " %", ">= 30 %", share >= 0.3, level.loadAverage());
                } else {
                    results.add(NAME, "service / ceiling" + at, number(share * 100, 0) + " %", level.loadAverage());
                }
            }
        }
    }

    /**
     * A level's result, the machine's load average as it ended, and PostgreSQL's CPU milliseconds and write-ahead log
     * a report (publishing and consuming included), printed beside its ceiling measured later.
     */
    private record Level(LoadResult service, String loadAverage, double postgresPerReport, String walPerReport) {
    }

    private LoadResult submit(int clients, int requests) {
        return ClosedLoop.run(clients, requests, Duration.ofSeconds(settings.levelSeconds()), i -> {
            int project = projects.take();
            return projects.submission(project, ReportBodies.onTrack(project));
        }, 201);
    }

    /**
     * Lets the outbox relay publish and notification-service apply what the last run wrote, so the CPU figure
     * includes that work and the next measurement starts from quiet.
     */
    private void awaitRelayed() {
        backlog.awaitDrained(Duration.ofSeconds(180));
    }
}
