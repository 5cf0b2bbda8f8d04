package cn.qinzhou.livelihood.benchmarks.alerts;

import cn.qinzhou.livelihood.benchmarks.Settings;
import cn.qinzhou.livelihood.benchmarks.fixtures.BenchProjects;
import cn.qinzhou.livelihood.benchmarks.fixtures.Backlog;
import cn.qinzhou.livelihood.benchmarks.fixtures.Database;
import cn.qinzhou.livelihood.benchmarks.fixtures.ProjectPool;
import cn.qinzhou.livelihood.benchmarks.fixtures.ReportBodies;
import cn.qinzhou.livelihood.benchmarks.footprint.CpuMeter;
import cn.qinzhou.livelihood.benchmarks.load.LatencyHistograms;
import cn.qinzhou.livelihood.benchmarks.load.LoadResult;
import cn.qinzhou.livelihood.benchmarks.load.OpenLoop;
import cn.qinzhou.livelihood.benchmarks.load.Pause;
import cn.qinzhou.livelihood.benchmarks.load.WarmUp;
import cn.qinzhou.livelihood.benchmarks.results.Results;
import cn.qinzhou.livelihood.testsupport.Tokens;
import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * End-to-end alert latency: lagging reports submitted at a steady rate to progress-service, each of which
 * must come out of notification-service's SSE feed as a raised SLOW_PROGRESS alert. Measured from the
 * report's scheduled send time to the moment the alert's event is read from the feed: HTTP, the outbox and
 * its relay, Kafka, the consumer, the rules, the feed table and the stream's polling. Target: p99 under 1 s
 * at 500 reports/s.
 */
public final class AlertLatencyBenchmark {

    private static final String NAME = "2 report -> alert";
    /** At most this many submissions in flight: lead units' clients, not a connection per scheduled report. */
    private static final int SENDERS = 64;
    /** The rate the target (p99 under 1 s) is set for. */
    private static final int TARGET_RATE = 500;
    private static final int WARM_UP_MIN_ROUNDS = 2;
    /** The project pool ({@link Settings#benchProjects()}) has room for this many beside ingestion's most. */
    private static final int WARM_UP_MAX_ROUNDS = 5;

    private final Settings settings;
    private final ProjectPool projects;
    private final String notificationUrl;
    private final Database notification;
    private final Backlog backlog;
    private final PipelineStages stages;
    private final Results results;
    private final CpuMeter cpu;

    public AlertLatencyBenchmark(Settings settings, ProjectPool projects, String notificationUrl, Database progress,
                                 Database notification, Backlog backlog, CpuMeter cpu, Results results) {
        this.cpu = cpu;
        this.settings = settings;
        this.projects = projects;
        this.notificationUrl = notificationUrl;
        this.notification = notification;
        this.backlog = backlog;
        this.stages = new PipelineStages(progress, notification);
        this.results = results;
    }

    /**
     * At each offered rate in turn: the target's 500/s, and a rate this machine can sustain, so the figure shows
     * the pipeline's own latency beside the queueing of an overloaded one.
     */
    public void run() {
        warmUp();
        for (int rate : settings.alertRatesPerSecond()) {
            run(rate);
        }
    }

    /**
     * Rounds of the same reports at the target rate, each as long as a measured run, uncounted and drained, until the
     * stack's reports per CPU second stop rising. The services compile a lagging report's path with C2 only after tens
     * of thousands of them (their raised Tier4 thresholds): run alone, on a stack nothing warmed, one round left the
     * measured rate on code still being compiled, and notification-service fell behind it for good.
     */
    private void warmUp() {
        long started = System.nanoTime();
        AtomicBoolean allApplied = new AtomicBoolean(true);
        int requests = TARGET_RATE * settings.alertSeconds();
        String rounds = WarmUp.untilSteady(WARM_UP_MIN_ROUNDS, WARM_UP_MAX_ROUNDS, () -> {
            int[] assigned = takeProjects(requests);
            Map<String, Double> cpuBefore = cpu.snapshotWithNeighbours();
            LoadResult warm = sendLagging(TARGET_RATE, assigned, (i, scheduled) -> {
            });
            if (!backlog.awaitDrained(Duration.ofSeconds(300))) {
                allApplied.set(false);
            }
            return 1000 / CpuMeter.totalPerRequest(cpuBefore, cpu.snapshotWithNeighbours(), warm.succeeded());
        });
        results.context("report -> alert: warm-up rounds of " + requests + " reports at " + TARGET_RATE
                + "/s (uncounted) until steady, reports per CPU second of the stack: " + rounds + "; "
                + (allApplied.get() ? "applied by notification-service" : "NOT all applied") + " within "
                + number((System.nanoTime() - started) / 1e9, 0) + " s");
    }

    private void run(int rate) {
        String at = " @" + rate + "/s";
        int requests = rate * settings.alertSeconds();
        int[] assigned = takeProjects(requests);
        Map<String, Long> scheduledAt = new ConcurrentHashMap<>();
        Map<String, Long> scheduledWallMicros = new ConcurrentHashMap<>();
        long wallMinusNanoTime = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
        Instant since = Instant.now().minusSeconds(1);
        Histogram alertLatency = LatencyHistograms.concurrent();
        AtomicLong seen = new AtomicLong();
        // Not the backlog of what ran before: the consumer starts each rate with nothing left to apply.
        if (!backlog.awaitDrained(Duration.ofSeconds(300))) {
            results.context("report -> alert: the backlog of the scenarios before was not drained within 300 s");
        }
        long after = notification.single("select coalesce(max(sequence), 0) from alert_feed");
        HttpClient streamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (AlertFeedListener feed = new AlertFeedListener(streamClient, notificationUrl,
                Tokens.forRole("supervisor", null), after, (projectId, rule) -> {
                    long received = System.nanoTime();
                    Long scheduled = "SLOW_PROGRESS".equals(rule) ? scheduledAt.remove(projectId) : null;
                    if (scheduled != null) {
                        LatencyHistograms.record(alertLatency, received - scheduled);
                        seen.incrementAndGet();
                    }
                })) {
            Pause.millis(1000); // the stream's first poll, so no alert of this run precedes the listener
            Map<String, Double> cpuBefore = cpu.snapshotWithNeighbours();
            LoadResult submitted = sendLagging(rate, assigned, (i, scheduled) -> {
                scheduledAt.put(BenchProjects.id(assigned[i]), scheduled);
                scheduledWallMicros.put(BenchProjects.id(assigned[i]), (scheduled + wallMinusNanoTime) / 1_000);
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(settings.alertDrainSeconds()).toNanos();
            while (seen.get() < submitted.succeeded() && System.nanoTime() < deadline && feed.failure() == null) {
                Pause.millis(100);
            }
            String cpuCost = CpuMeter.perRequest(cpuBefore, cpu.snapshotWithNeighbours(), submitted.succeeded());
            results.add(NAME, "offered / achieved reports/s" + at, rate + " / " + number(submitted.succeeded() / submitted.seconds(), 0),
                    submitted.succeeded() + " × 201 in " + number(submitted.seconds(), 1) + " s, " + SENDERS + " senders"
                            + (submitted.failed() == 0 ? "" : "; other answers " + submitted.unexpectedStatuses()));
            results.add(NAME, "submit p50 / p99 ms" + at, number(submitted.percentileMillis(50), 1) + " / "
                    + number(submitted.percentileMillis(99), 1), "from the scheduled send time");
            PipelineStages.Stages stage = stages.measure(scheduledWallMicros, since);
            results.add(NAME, "event published / applied p50 / p99 ms" + at, millis(stage.published(), 50) + " / "
                            + millis(stage.published(), 99) + "  |  " + millis(stage.applied(), 50) + " / " + millis(stage.applied(), 99),
                    "from the scheduled send time: the relay had the broker's ack (outbox_event.published_at) | "
                            + "notification-service committed its effects (processed_event.processed_at)");
            results.add(NAME, "applied by notification-service reports/s" + at, number(stage.appliedPerSecond(), 0),
                    "commits of the run's middle 80 %: the offered rate while the consumer keeps up, its capacity while it lags; "
                            + cpuCost.replace("CPU ms/request", "CPU ms/report"));
            double p99 = alertLatency.getValueAtPercentile(99) / 1000.0;
            String figure = number(alertLatency.getValueAtPercentile(50) / 1000.0, 0) + " / " + number(p99, 0);
            String seenNote = seen.get() + " of " + submitted.succeeded() + " alerts seen";
            if (rate != TARGET_RATE) {
                results.add(NAME, "alert in feed p50 / p99 ms" + at, figure, seenNote + "; " + Results.load());
                return;
            }
            results.add(NAME, "alert in feed p50 / p99 ms" + at, figure, "p99 < 1000", seen.get() == submitted.succeeded() && p99 < 1000,
                    seenNote
                            + (feed.failure() == null ? "" : "; " + feed.failure()) + "; " + Results.load());
        }
    }

    /** A lagging first report for each of the projects, at a steady rate; each must raise a RED SLOW_PROGRESS alert. */
    private LoadResult sendLagging(int rate, int[] assigned, OpenLoop.Schedule schedule) {
        return OpenLoop.run(rate, SENDERS, assigned.length,
                i -> projects.submission(assigned[i], ReportBodies.lagging(assigned[i])), 201, schedule);
    }

    /** Projects that have not reported yet, one for each report to send. */
    private int[] takeProjects(int count) {
        int[] assigned = new int[count];
        for (int i = 0; i < count; i++) {
            assigned[i] = projects.take();
        }
        return assigned;
    }

    private static String millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? "-" : number(histogram.getValueAtPercentile(percentile) / 1000.0, 0);
    }
}
