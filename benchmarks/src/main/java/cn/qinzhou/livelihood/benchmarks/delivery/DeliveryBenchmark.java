package cn.qinzhou.livelihood.benchmarks.delivery;

import cn.qinzhou.livelihood.benchmarks.fixtures.BenchProjects;
import cn.qinzhou.livelihood.benchmarks.fixtures.Database;
import cn.qinzhou.livelihood.benchmarks.fixtures.ProjectPool;
import cn.qinzhou.livelihood.benchmarks.fixtures.ReportBodies;
import cn.qinzhou.livelihood.benchmarks.load.LatencyHistograms;
import cn.qinzhou.livelihood.benchmarks.load.LoadResult;
import cn.qinzhou.livelihood.benchmarks.load.OpenLoop;
import cn.qinzhou.livelihood.benchmarks.load.Pause;
import cn.qinzhou.livelihood.benchmarks.results.Results;
import cn.qinzhou.livelihood.testsupport.RobotReceivers;
import cn.qinzhou.livelihood.testsupport.ServiceStack;
import cn.qinzhou.livelihood.testsupport.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * Alerts delivered to people (notification-service's delivery package) through {@link RobotReceivers}, a real local
 * HTTP server checking each request as WeCom and a signed webhook would.
 *
 * <p>(a) Urgent latency: one supervisor subscribed by WEBHOOK, IMMEDIATE, RED only. Lagging reports (a RED
 * SLOW_PROGRESS alert each) are sent one after another at a modest rate; each alert's webhook request is timed from
 * the report's scheduled send time (System.nanoTime, as in the report-to-alert scenario: both ends in this process, no
 * clock to convert). The alert's {@code raisedAt} cannot serve: the stack's clocks are stopped at a fixed instant.
 * From the alert's commit instead, and split there, by the wall-clock times the services record anyway
 * ({@code processed_event.processed_at}): the report's event applied (the alert raised) and the alert's event applied
 * by the delivery consumer (the message owed recorded).
 *
 * <p>(b) A burst into digests: two DIGEST subscribers (WeCom robot YELLOW+, webhook INFO+) and one IMMEDIATE RED-only
 * webhook, all for the burst's lead unit only. The clock moves past August's reporting deadline with {@code burst}
 * projects of that unit lacking a report, so one sweep raises their YELLOW OVERDUE alerts at once; then the clock moves
 * to the next working day's 09:00 (the default digest time). Each digest subscriber must get exactly one message,
 * the RED-only one none.
 */
public final class DeliveryBenchmark {

    private static final String NAME = "7 alert delivery";
    /** The services start on 2 September 2024, 10:00 (Shanghai): August reports are on time, no deadline has passed. */
    public static final String CLOCK_START = "2024-09-02T10:00:00+08:00";
    /** After August's deadline (5 September) and before its overdue alerts turn red (10 September); a Friday. */
    private static final Instant AFTER_DEADLINE = Instant.parse("2024-09-05T16:00:01Z");
    /** The same Friday's default digest time, 09:00 Shanghai, and a second, so the digest is due. */
    private static final Instant DIGEST_TIME = Instant.parse("2024-09-06T01:00:01Z");
    public static final String SECRET = "bench-hook";
    private static final String BURST_UNIT = "delivery-burst";
    private static final int WARM_UP = 5;
    /** Few senders: one report after another at a modest rate, as lagging reports arrive in practice. */
    private static final int SENDERS = 4;
    private static final double TARGET_P99_MS = 5_000;

    private final ServiceStack stack;
    private final Results results;
    private final int alerts;
    private final int ratePerSecond;
    private final int burst;
    private final Database notification;
    private final Database progress;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String supervisor = Tokens.forRole("supervisor", null);

    public DeliveryBenchmark(ServiceStack stack, Results results, int alerts, int ratePerSecond, int burst) {
        this.stack = stack;
        this.results = results;
        this.alerts = alerts;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.notification = new Database(stack.database("notification-service"));
        this.progress = new Database(stack.database("progress-service"));
    }

    public void run() throws Exception {
        BenchProjects projects = new BenchProjects(stack);
        int total = WARM_UP + alerts;
        projects.register(0, total);
        try (RobotReceivers receivers = new RobotReceivers()) {
            urgent(receivers, new ProjectPool(stack.url("progress-service"), total));
            digests(receivers);
            if (!receivers.violations().isEmpty()) {
                results.add(NAME, "requests the receivers refused", Integer.toString(receivers.violations().size()),
                        receivers.violations().get(0));
            }
        }
    }

    /** (a): RED alert raised to the webhook's arrival, one alert after another. */
    private void urgent(RobotReceivers receivers, ProjectPool pool) throws Exception {
        subscribe(Map.of("recipient", "督查室值班（压测）", "channel", "WEBHOOK", "target", receivers.webhook("urgent"),
                "secretName", SECRET, "minSeverity", "RED", "mode", "IMMEDIATE"));
        // The intake reads the subscriptions at the start of each run of events: one made just now is seen by the next.
        Pause.millis(1_000);
        Map<String, Long> scheduledAt = new ConcurrentHashMap<>();
        send(pool, WARM_UP, scheduledAt);
        awaitCount(receivers, "urgent", WARM_UP, Duration.ofSeconds(60));
        int before = receivers.to("urgent").size();
        scheduledAt.clear();

        long wallMinusNano = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        Instant since = Instant.now().minusSeconds(1);
        LoadResult sent = send(pool, alerts, scheduledAt);
        awaitCount(receivers, "urgent", before + (int) sent.succeeded(), Duration.ofSeconds(120));

        // Wall-clock commit times the services write anyway (their own clocks are stopped, so raisedAt cannot be used):
        // notification-service applied the report (the alert raised, in the same transaction), and its delivery
        // consumer recorded the message owed (the dispatcher is woken right after that commit).
        Map<String, String> projectOfEvent = new HashMap<>();
        progress.forEachRow("select cast(event_id as text), record_key from outbox_event where event_type = 'ReportSubmitted'"
                + " and published_at >= ?", row -> projectOfEvent.put(row.getString(1), row.getString(2)), Timestamp.from(since));
        Map<String, Long> raisedNanos = new HashMap<>();
        Map<String, Long> recordedNanos = new HashMap<>();
        notification.forEachRow("select cast(event_id as text), consumer_group, event_type, processed_at from processed_event"
                + " where processed_at >= ?", row -> {
            long at = wallNanos(row.getTimestamp(4)) - wallMinusNano;
            if ("ReportSubmitted".equals(row.getString(3)) && projectOfEvent.containsKey(row.getString(1))) {
                raisedNanos.put(projectOfEvent.get(row.getString(1)), at);
            } else if ("notification-delivery".equals(row.getString(2))) {
                recordedNanos.put(row.getString(1), at);
            }
        }, Timestamp.from(since));

        Histogram fromSend = LatencyHistograms.concurrent();
        Histogram fromRaised = LatencyHistograms.concurrent();
        Histogram raisedToRecorded = LatencyHistograms.concurrent();
        Histogram recordedToReceived = LatencyHistograms.concurrent();
        Set<String> seen = new HashSet<>();
        List<RobotReceivers.Received> got = receivers.to("urgent");
        for (RobotReceivers.Received received : got.subList(before, got.size())) {
            JsonNode alert = received.body().path("alert");
            String project = alert.path("projectId").asText();
            Long scheduled = scheduledAt.get(project);
            if (scheduled == null || !"SLOW_PROGRESS".equals(alert.path("rule").asText()) || !seen.add(project)) {
                continue;
            }
            LatencyHistograms.record(fromSend, received.receivedAtNanos() - scheduled);
            Long raised = raisedNanos.get(project);
            Long recorded = recordedNanos.get(received.body().path("eventId").asText());
            if (raised != null) {
                LatencyHistograms.record(fromRaised, received.receivedAtNanos() - raised);
            }
            if (raised != null && recorded != null) {
                LatencyHistograms.record(raisedToRecorded, recorded - raised);
                LatencyHistograms.record(recordedToReceived, received.receivedAtNanos() - recorded);
            }
        }
        double p99 = fromSend.getValueAtPercentile(99) / 1000.0;
        results.add(NAME, "RED alert: report sent -> webhook received, p50 / p99 ms @" + ratePerSecond + "/s",
                millis(fromSend, 50) + " / " + millis(fromSend, 99), "p99 < 5000",
                seen.size() == sent.succeeded() && p99 < TARGET_P99_MS,
                seen.size() + " of " + sent.succeeded() + " alerts delivered (" + sent.succeeded() + " × 201, " + SENDERS
                        + " senders); from the report's scheduled send time; max " + millis(fromSend, 100) + " ms; " + Results.load());
        results.add(NAME, "RED alert: raised -> webhook received, p50 / p99 ms",
                millis(fromRaised, 50) + " / " + millis(fromRaised, 99),
                "from notification-service's commit of the alert (processed_event.processed_at of the report's event); "
                        + fromRaised.getTotalCount() + " alerts");
        results.add(NAME, "  raised -> recorded | recorded -> received, p50 / p99 ms",
                millis(raisedToRecorded, 50) + " / " + millis(raisedToRecorded, 99) + "  |  " + millis(recordedToReceived, 50)
                        + " / " + millis(recordedToReceived, 99),
                "the alert event's outbox relay, Kafka and the delivery consumer's commit | the dispatcher woken after "
                        + "that commit, its claim and the signed POST");
    }

    private static String millis(Histogram histogram, double percentile) {
        if (histogram.getTotalCount() == 0) {
            return "-";
        }
        return number((percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile)) / 1000.0, 0);
    }

    private static long wallNanos(Timestamp at) {
        Instant instant = at.toInstant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private LoadResult send(ProjectPool pool, int count, Map<String, Long> scheduledAt) {
        int[] assigned = new int[count];
        for (int i = 0; i < count; i++) {
            assigned[i] = pool.take();
        }
        return OpenLoop.run(ratePerSecond, SENDERS, count,
                i -> pool.submission(assigned[i], ReportBodies.lagging(assigned[i])), 201,
                (i, scheduled) -> scheduledAt.put(BenchProjects.id(assigned[i]), scheduled));
    }

    /** (b): a burst of YELLOW alerts into one digest per digest subscriber, nothing to the RED-only one. */
    private void digests(RobotReceivers receivers) throws Exception {
        String robot = "bench-digest-robot";
        long wecom = subscribe(Map.of("recipient", "民生办（企业微信群）", "channel", "WECOM", "target", receivers.wecom(robot),
                "minSeverity", "YELLOW", "leadUnitId", BURST_UNIT, "mode", "DIGEST"));
        long hook = subscribe(Map.of("recipient", "督查系统（webhook）", "channel", "WEBHOOK", "target", receivers.webhook("digest"),
                "secretName", SECRET, "minSeverity", "INFO", "leadUnitId", BURST_UNIT, "mode", "DIGEST"));
        subscribe(Map.of("recipient", "分管领导（仅红色）", "channel", "WEBHOOK", "target", receivers.webhook("red-only"),
                "secretName", SECRET, "minSeverity", "RED", "leadUnitId", BURST_UNIT, "mode", "IMMEDIATE"));
        // Every project but the burst's has its August report, so the sweep's alerts are the burst's alone.
        notification.update("""
                insert into tracked_project (id, lead_unit_id, lead_unit_name, programme_id, status, annual_plan, updated_at,
                                             plan_year)
                select 'D' || lpad(i::text, 7, '0'), ?, '压测投递单位', 1 + i % 10, 'ACTIVE', 1000000, now(), 2024
                from generate_series(0, ?) i""", BURST_UNIT, burst - 1);
        notification.update("""
                insert into tracked_report (project_id, period, lead_unit_id, first_received_at, timeliness, version,
                                            progress_percent, completed_investment, planned_investment)
                select p.id, ?, p.lead_unit_id, ?, 'ON_TIME', 1, 70, 700000, 1000000
                from tracked_project p where p.lead_unit_id <> ?
                on conflict do nothing""", BenchProjects.PERIOD, java.sql.Timestamp.from(Instant.parse("2024-09-02T02:00:00Z")),
                BURST_UNIT);
        for (String service : List.of("project-service", "progress-service", "notification-service")) {
            moveClock(service, AFTER_DEADLINE);
        }
        // All of the burst's changes must be waiting for the digest before its time comes, or they would go in the next.
        String waiting = "select count(*) from delivery where subscription_id = ? and state = 'AWAITING_DIGEST'";
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long raised = 0;
        long stableSince = System.nanoTime();
        long last = -1;
        while (System.nanoTime() < deadline) {
            raised = notification.single("select count(*) from alert where lead_unit_id = ?", BURST_UNIT);
            long recorded = Math.min(notification.single(waiting, wecom), notification.single(waiting, hook));
            if (recorded != last) {
                last = recorded;
                stableSince = System.nanoTime();
            } else if (recorded >= burst && System.nanoTime() - stableSince > Duration.ofSeconds(3).toNanos()) {
                break;
            }
            Pause.millis(200);
        }
        long yellow = notification.single("select count(*) from alert where lead_unit_id = ? and severity = 'YELLOW'", BURST_UNIT);
        long awaitingWecom = notification.single(waiting, wecom);
        long awaitingHook = notification.single(waiting, hook);
        long recordedAt = System.nanoTime();
        for (String service : List.of("project-service", "progress-service", "notification-service")) {
            moveClock(service, DIGEST_TIME);
        }
        awaitCount(receivers, robot, 1, Duration.ofSeconds(60));
        awaitCount(receivers, "digest", 1, Duration.ofSeconds(60));
        double digestSeconds = (System.nanoTime() - recordedAt) / 1e9;
        // Two of the dispatcher's scheduled passes (every 5 s) more: anything sent in addition would show.
        Pause.millis(12_000);
        int toWecom = receivers.to(robot).size();
        int toHook = receivers.to("digest").size();
        int toRed = receivers.to("red-only").size();
        String wecomTitle = toWecom == 0 ? "-" : receivers.to(robot).get(0).body().path("markdown").path("content").asText()
                .lines().findFirst().orElse("");
        long hookTotal = toHook == 0 ? 0 : receivers.to("digest").get(0).body().path("digest").path("total").asLong();
        boolean met = toWecom == 1 && toHook == 1 && toRed == 0;
        results.add(NAME, "burst: alerts raised / messages per recipient",
                raised + " / " + toWecom + ", " + toHook + ", " + toRed, "1, 1, 0", met,
                yellow + " of the alerts YELLOW; WeCom digest (YELLOW+), webhook digest (INFO+), IMMEDIATE RED-only webhook; "
                        + "changes waiting for the digest " + awaitingWecom + " / " + awaitingHook + "; the webhook digest counted "
                        + hookTotal + "; WeCom's began \"" + wecomTitle.replace("|", "/") + "\"; both digests in within "
                        + number(digestSeconds, 1) + " s of the clock reaching 09:00");
    }

    private long subscribe(Map<String, String> subscription) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url("notification-service") + "/subscriptions"))
                .header("Authorization", "Bearer " + supervisor).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(subscription))).build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("subscribing answered " + answer.statusCode() + ": " + answer.body());
        }
        return json.readTree(answer.body()).path("id").asLong();
    }

    private void moveClock(String service, Instant to) throws IOException, InterruptedException {
        HttpRequest move = HttpRequest.newBuilder(URI.create(stack.url(service) + "/admin/clock"))
                .header("Authorization", "Bearer " + Tokens.forRole("operator", null))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"to\": \"" + to + "\"}")).build();
        int status = http.send(move, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IllegalStateException("moving " + service + "'s clock answered " + status);
        }
    }

    private static void awaitCount(RobotReceivers receivers, String keyOrName, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (receivers.to(keyOrName).size() < count && System.nanoTime() < deadline) {
            Pause.millis(100);
        }
    }
}
