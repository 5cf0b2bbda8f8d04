package cn.qinzhou.livelihood.benchmarks.scale;

import cn.qinzhou.livelihood.benchmarks.Settings;
import cn.qinzhou.livelihood.benchmarks.fixtures.BenchProjects;
import cn.qinzhou.livelihood.benchmarks.fixtures.Database;
import cn.qinzhou.livelihood.benchmarks.load.Call;
import cn.qinzhou.livelihood.benchmarks.load.ClosedLoop;
import cn.qinzhou.livelihood.benchmarks.load.LatencyHistograms;
import cn.qinzhou.livelihood.benchmarks.load.LoadResult;
import cn.qinzhou.livelihood.benchmarks.load.Pause;
import cn.qinzhou.livelihood.benchmarks.results.Results;
import cn.qinzhou.livelihood.testsupport.ServiceStack;
import cn.qinzhou.livelihood.testsupport.Tokens;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * The registry at a million projects: the funding totals a dashboard asks for (p99, target under 50 ms) and
 * notification-service's overdue sweep across every project (target under 10 s), each beside a naive way of
 * computing the same thing measured in the same run: the totals summed in the client from every project row,
 * and the sweep as a loop asking two questions per project.
 */
public final class ScaleBenchmark {

    private static final String NAME = "3 scale";
    /** The August reports are due at the end of 5 September (Shanghai); one second into the 6th they are late. */
    private static final Instant DUE = OffsetDateTime.parse("2024-09-05T23:59:59.999999+08:00").toInstant();
    private static final Instant AFTER_DEADLINE = OffsetDateTime.parse("2024-09-06T00:00:01+08:00").toInstant();
    private static final Pattern SWEEP_LOG = Pattern.compile(
            "deadline sweep: Result\\[reminders=(\\d+), overdue=(\\d+), escalated=(\\d+), repeatLate=(\\d+)(?:, unanswered=\\d+)?] in (\\d+) ms");

    private final Settings settings;
    private final ServiceStack stack;
    private final BenchProjects projects;
    private final Results results;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public ScaleBenchmark(Settings settings, ServiceStack stack, BenchProjects projects, Results results) {
        this.settings = settings;
        this.stack = stack;
        this.projects = projects;
        this.results = results;
    }

    /** @param registered benchmark projects already registered (numbers 0 to registered - 1) */
    public void run(int registered) {
        int total = settings.scaleProjects();
        long started = System.nanoTime();
        projects.register(registered, total);
        results.add(NAME, "projects registered", number(projects.registry().single("select count(*) from project"), 0),
                "bulk-loaded in " + number((System.nanoTime() - started) / 1e9, 0) + " s (generate_series, 3 services)");
        fundingTotals();
        overdueSweep(total);
    }

    private void fundingTotals() {
        URI uri = URI.create(stack.url("project-service") + "/funding-totals?groupBy=programme");
        String token = Tokens.forRole("dashboard", null);
        Call request = Call.of("GET", uri, Map.of("Authorization", "Bearer " + token), new byte[0]);
        ClosedLoop.run(1, 3, i -> request, 200);
        LoadResult service = ClosedLoop.run(1, settings.fundingRequests(), i -> request, 200);
        Histogram naive = LatencyHistograms.concurrent();
        Histogram overProjects = LatencyHistograms.concurrent();
        for (int i = 0; i < settings.naiveFundingRuns(); i++) {
            long t0 = System.nanoTime();
            sumInClient(projects.registry());
            LatencyHistograms.record(naive, System.nanoTime() - t0);
            t0 = System.nanoTime();
            sumOverProjects(projects.registry());
            LatencyHistograms.record(overProjects, System.nanoTime() - t0);
        }
        double p99 = service.percentileMillis(99);
        double naiveP99 = naive.getValueAtPercentile(99) / 1000.0;
        double overProjectsP99 = overProjects.getValueAtPercentile(99) / 1000.0;
        results.add(NAME, "funding totals p50 / p99 ms", number(service.percentileMillis(50), 1) + " / " + number(p99, 1),
                "p99 < 50", service.failed() == 0 && p99 < 50, service.succeeded() + " sequential GET /funding-totals?groupBy=programme"
                        + (service.failed() == 0 ? "" : "; other answers " + service.unexpectedStatuses()));
        results.add(NAME, "naive totals p99 ms (ratio)", number(naiveP99, 1) + " (" + number(naiveP99 / p99, 1) + "×)",
                "every project row fetched and summed in the client, " + settings.naiveFundingRuns() + " runs");
        results.add(NAME, "sum over projects p99 ms (ratio)", number(overProjectsP99, 1) + " (" + number(overProjectsP99 / p99, 1) + "×)",
                "the totals before the rollup: grouped sums over the project table in SQL, over JDBC, "
                        + settings.naiveFundingRuns() + " runs");
    }

    /** The totals as the service computed them before funding_rollup: the same grouped sums, over every project row. */
    private static void sumOverProjects(Database registry) {
        registry.forEachRow("""
                select pr.id, coalesce(sum(p.annual_plan), 0), count(p.id), count(p.annual_plan)
                from programme pr left join project p on p.programme_id = pr.id and p.status <> 'CANCELLED'
                where pr.year = 2024 group by pr.id order by pr.id""", row -> row.getBigDecimal(2));
        registry.forEachRow("""
                select sum(annual_plan), sum(total_investment), count(*), count(annual_plan)
                from project p where p.year = 2024 and p.status <> 'CANCELLED'""", row -> row.getBigDecimal(1));
    }

    /** The naive totals: every active project's amounts read and added up by programme in the client. */
    private static Map<Integer, BigDecimal> sumInClient(Database registry) {
        Map<Integer, BigDecimal> sums = new HashMap<>();
        try (Connection connection = registry.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(
                    "select programme_id, annual_plan from project where year = 2024 and status <> 'CANCELLED'")) {
                statement.setFetchSize(10_000);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        BigDecimal plan = rows.getBigDecimal(2);
                        sums.merge(rows.getInt(1), plan == null ? BigDecimal.ZERO : plan, BigDecimal::add);
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return sums;
    }

    private void overdueSweep(int total) {
        Database tracking = projects.tracking();
        projects.reportOnTimeExceptOneInAHundred(YearMonth.parse(BenchProjects.PERIOD), DUE.minus(Duration.ofDays(1)));
        long expected = tracking.single("""
                select count(*) from tracked_project p where p.status in ('ACTIVE', 'ADJUSTED')
                  and not exists (select 1 from tracked_report r where r.project_id = p.id and r.period = ?
                                  and r.first_received_at <= ?)""", BenchProjects.PERIOD, Timestamp.from(DUE));
        Path log = stack.log("notification-service");
        long logOffset = size(log);
        moveNotificationClock(AFTER_DEADLINE);
        Optional<long[]> sweep = awaitSweepLog(log, logOffset, Duration.ofSeconds(settings.sweepTimeoutSeconds()));
        long raised = tracking.single("select count(*) from alert where rule = 'OVERDUE' and period = ?", BenchProjects.PERIOD);
        if (sweep.isEmpty()) {
            results.add(NAME, "overdue sweep s", "none", "< 10", false, "no sweep logged within "
                    + settings.sweepTimeoutSeconds() + " s; " + raised + " of " + expected + " alerts raised");
            return;
        }
        double seconds = sweep.get()[4] / 1000.0;
        // The counts are shown, not judged: reports of the earlier scenarios may still be arriving from the topic.
        results.add(NAME, "overdue sweep s", number(seconds, 2), "< 10", seconds < 10,
                sweep.get()[1] + " overdue raised (expected " + expected + ", in table " + raised + ") among "
                        + number(total, 0) + " projects; " + Results.load());
        double naive = naivePerProjectLoop(tracking, settings.naiveSweepSample()) * total / settings.naiveSweepSample();
        results.add(NAME, "naive sweep s (ratio)", number(naive, 1) + " (" + number(naive / seconds, 0) + "×)",
                "2 queries per project, no writes; measured on " + number(settings.naiveSweepSample(), 0)
                        + " projects, scaled to " + number(total, 0));
    }

    /** Seconds for the naive sweep over a sample: per project, ask whether its report came in time and whether it has an alert. */
    private static double naivePerProjectLoop(Database tracking, int sample) {
        long started = System.nanoTime();
        try (Connection connection = tracking.connect();
             PreparedStatement ids = connection.prepareStatement(
                     "select id from tracked_project where status in ('ACTIVE', 'ADJUSTED') order by id limit ?");
             PreparedStatement report = connection.prepareStatement(
                     "select 1 from tracked_report where project_id = ? and period = ? and first_received_at <= ?");
             PreparedStatement alert = connection.prepareStatement(
                     "select 1 from alert where rule = 'OVERDUE' and subject_id = ? and period = ?")) {
            ids.setInt(1, sample);
            try (ResultSet rows = ids.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    report.setString(1, id);
                    report.setString(2, BenchProjects.PERIOD);
                    report.setTimestamp(3, Timestamp.from(DUE));
                    boolean inTime;
                    try (ResultSet r = report.executeQuery()) {
                        inTime = r.next();
                    }
                    if (!inTime) {
                        alert.setString(1, id);
                        alert.setString(2, BenchProjects.PERIOD);
                        alert.executeQuery().close();
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private void moveNotificationClock(Instant to) {
        HttpRequest move = HttpRequest.newBuilder(URI.create(stack.url("notification-service") + "/admin/clock"))
                .header("Authorization", "Bearer " + Tokens.forRole("operator", null))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"to\": \"" + to + "\"}")).build();
        try {
            int status = http.send(move, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IllegalStateException("moving notification-service's clock answered " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The first sweep logged after the offset that raised overdue alerts: its counts and milliseconds. */
    private static Optional<long[]> awaitSweepLog(Path log, long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = SWEEP_LOG.matcher(tail(log, offset));
            while (matcher.find()) {
                if (Long.parseLong(matcher.group(2)) > 0) {
                    long[] figures = new long[5];
                    for (int g = 0; g < 5; g++) {
                        figures[g] = Long.parseLong(matcher.group(g + 1));
                    }
                    return Optional.of(figures);
                }
            }
            Pause.millis(500);
        }
        return Optional.empty();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String tail(Path file, long offset) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
