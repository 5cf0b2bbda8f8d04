package cn.qinzhou.livelihood.benchmarks.fanout;

import cn.qinzhou.livelihood.benchmarks.fixtures.Database;
import cn.qinzhou.livelihood.benchmarks.footprint.CpuMeter;
import cn.qinzhou.livelihood.benchmarks.footprint.ProcessFootprint;
import cn.qinzhou.livelihood.benchmarks.results.Results;
import cn.qinzhou.livelihood.testsupport.ServiceStack;
import cn.qinzhou.livelihood.testsupport.Tokens;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * The live alert feed with many subscribers. Each burst is exactly {@code burstSize} alert changes committed at
 * once: that many projects, new to notification-service, are put in its tracked projects with the clock past
 * August's deadline, and its next deadline sweep raises an OVERDUE alert for each in one transaction. A
 * subscriber has the burst when the event with the burst's last sequence has reached it; the figure is the
 * time from the end of the sweep that committed the burst (the time its log line carries) to that moment, per
 * subscriber.
 */
public final class FeedFanOutBenchmark {

    private static final String NAME = "6 alert feed fan-out";
    /** The sweep's log line in the services' JSON log: when it ended and how many overdue alerts it raised. */
    private static final Pattern SWEEP_LINE = Pattern.compile("\"timestamp\":\"([^\"]+)\".*deadline sweep: Result\\[.*overdue=(\\d+)");
    /** What the stalled subscriber is left unread: the kernel's buffers on loopback (up to 4 MiB) and the 1 MiB allowance. */
    private static final double STALLED_UNREAD_BYTES = 6.5 * 1048576;
    /**
     * The healthy subscribers' bursts alone on each side of those beside the stalled one. A burst's p99 ranges over
     * several times its median from one burst to the next, so a few bursts alone would decide the ratio by chance.
     */
    private static final int ALONE_BURSTS_EACH_SIDE = 8;
    private static final int SEEDED_PROJECTS = 79;
    /** After August's deadline (5 September, Shanghai) and before its overdue alerts turn red (10 September). */
    public static final String CLOCK = "2024-09-06T00:00:01+08:00";

    private final ServiceStack stack;
    private final Results results;
    private final int subscribers;
    private final int healthyBeside;
    private final int burstSize;
    private final Database notification;
    private int nextProject;
    private long burstBytes;
    private long lastBurstStart;

    public FeedFanOutBenchmark(ServiceStack stack, Results results, int subscribers, int healthyBeside, int burstSize) {
        this.stack = stack;
        this.results = results;
        this.subscribers = subscribers;
        this.healthyBeside = healthyBeside;
        this.burstSize = burstSize;
        this.notification = new Database(stack.database("notification-service"));
    }

    public void run() throws Exception {
        String url = stack.url("notification-service");
        long pid = stack.pid("notification-service");
        String token = Tokens.forRole("supervisor", null);
        try (SubscriberSwarm swarm = new SubscriberSwarm(url, token)) {
            // The seeded projects reach notification-service through the topic, and the sweep raises their August
            // alerts as they come: that settles before any burst.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (notification.single("select count(*) from tracked_project") < SEEDED_PROJECTS && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            awaitQuiet(-1);
            // Warm-up: one subscriber, two bursts (the sweep's statements, the JIT).
            swarm.add(1, 1);
            burst(swarm, "warm-up");
            Timing single = burst(swarm, "1 subscriber");
            results.add(NAME, "1 subscriber: burst of " + burstSize + " delivered, ms", number(single.p99, 0),
                    "baseline of the same run, from the sweep's end");
            swarm.closeHealthy(1);
            Ceiling trivial = ceiling(lastBurstText());
            Timing ceiling = trivial.timing();
            results.add(NAME, "machine's ceiling: the same burst to " + subscribers + " subscribers from a trivial server, p50 / p99 ms",
                    number(ceiling.p50, 0) + " / " + number(ceiling.p99, 0), "a NIO server process writing the burst's bytes to every "
                            + "connection, read by the same client; " + ceiling.complete + " of " + ceiling.total + " complete; CPU s "
                            + "until the last had it: the server " + number(trivial.serverCpuMillis() / 1000.0, 2) + ", the client "
                            + number(trivial.clientCpuMillis() / 1000.0, 2));

            long rssBefore = ProcessFootprint.kib(pid, "VmRSS");
            int threadsBefore = threads(pid);
            double cpuBefore = CpuMeter.cpuMillis(ProcessHandle.current().pid());
            long started = System.nanoTime();
            swarm.add(subscribers, 250);
            double connectSeconds = (System.nanoTime() - started) / 1e9;
            long rssJoined = ProcessFootprint.kib(pid, "VmRSS");
            int threadsJoined = threads(pid);
            results.add(NAME, subscribers + " subscribers: RSS added, MiB", number((rssJoined - rssBefore) / 1024.0, 0),
                    "< 300", (rssJoined - rssBefore) / 1024.0 < 300,
                    "RSS " + number(rssBefore / 1024.0, 0) + " -> " + number(rssJoined / 1024.0, 0)
                            + " MiB; all connected and joined in " + number(connectSeconds, 1) + " s");
            results.add(NAME, subscribers + " subscribers: threads added", Integer.toString(threadsJoined - threadsBefore),
                    "none per subscriber", threadsJoined - threadsBefore < 10, threadsBefore + " -> " + threadsJoined + " threads");
            double serviceCpuBefore = CpuMeter.cpuMillis(pid);
            double clientCpuBefore = CpuMeter.cpuMillis(ProcessHandle.current().pid());
            Timing many = burst(swarm, subscribers + " subscribers");
            double serviceCpu = CpuMeter.cpuMillis(pid) - serviceCpuBefore;
            double cpuAfter = CpuMeter.cpuMillis(ProcessHandle.current().pid());
            double clientCpu = cpuAfter - clientCpuBefore;
            results.add(NAME, subscribers + " subscribers: burst of " + burstSize + " delivered to all, p50 / p99 ms",
                    number(many.p50, 0) + " / " + number(many.p99, 0), "p99 < 2,000", many.p99 < 2_000,
                    many.complete + " of " + many.total + " had every change; max " + number(many.max, 0) + " ms; "
                            + number(burstBytes / 1048576.0, 2) + " MiB to each, " + number(burstBytes * (double) subscribers / 1073741824.0, 2)
                            + " GiB in all; "
                            + number(many.p99 / Math.max(1, ceiling.p99), 1) + "x the trivial server's p99; RSS after "
                            + number(ProcessFootprint.kib(pid, "VmRSS") / 1024.0, 0) + " MiB; load generator CPU "
                            + number((cpuAfter - cpuBefore) / 1000.0, 1) + " s for connecting and the burst; CPU s of the "
                            + "burst (the sweep that raised it included): the service " + number(serviceCpu / 1000.0, 2)
                            + ", the client " + number(clientCpu / 1000.0, 2));

            // A stalled subscriber beside healthy ones: the healthy ones' bursts alone, with it there, and alone again
            // once it is cut off. It is cut off only once the kernel's buffers for it (megabytes on loopback) and the
            // service's allowance are full, so it is left unread for as many bursts as that takes. The bursts alone
            // come before and after those beside it, so a drift through the run (the JIT, the tables growing by a
            // burst each time) weighs on both sides alike.
            swarm.closeHealthy(subscribers - healthyBeside);
            TimeUnit.SECONDS.sleep(2);
            List<Timing> alone = new ArrayList<>();
            for (int i = 0; i < ALONE_BURSTS_EACH_SIDE; i++) {
                alone.add(burst(swarm, healthyBeside + " healthy, before"));
            }
            long rssStalledBefore = ProcessFootprint.kib(pid, "VmRSS");
            SubscriberSwarm.Subscriber stalled = swarm.addStalled();
            int bursts = (int) Math.min(40, Math.ceil(STALLED_UNREAD_BYTES / (double) Math.max(1, burstBytes)));
            List<Timing> beside = new ArrayList<>();
            for (int i = 0; i < bursts; i++) {
                beside.add(burst(swarm, healthyBeside + " healthy + 1 stalled"));
            }
            long rssStalledAfter = ProcessFootprint.kib(pid, "VmRSS");
            boolean cutOff = SubscriberSwarm.endedByServer(stalled, 20);
            for (int i = 0; i < ALONE_BURSTS_EACH_SIDE; i++) {
                alone.add(burst(swarm, healthyBeside + " healthy, after"));
            }
            double aloneP99 = median(alone);
            double besideP99 = median(beside);
            double worstBeside = beside.stream().mapToDouble(t -> t.p99).max().orElse(0);
            double worstAlone = alone.stream().mapToDouble(t -> t.p99).max().orElse(0);
            results.add(NAME, healthyBeside + " healthy beside 1 stalled: p99 ms (alone / beside)",
                    number(aloneP99, 0) + " / " + number(besideP99, 0), "within 10 %", besideP99 <= aloneP99 * 1.10,
                    "medians of the bursts' p99 (" + alone.size() + " alone, half before and half after it, worst "
                            + number(worstAlone, 0) + " ms; " + bursts + " beside, worst " + number(worstBeside, 0) + " ms); "
                            + number(besideP99 / Math.max(1, aloneP99), 2) + "x");
            results.add(NAME, "stalled subscriber cut off", cutOff ? "yes" : "no", "yes", cutOff,
                    "it left " + number(bursts * burstBytes / 1048576.0, 1) + " MiB unread; the service's RSS "
                            + number(rssStalledBefore / 1024.0, 0) + " -> " + number(rssStalledAfter / 1024.0, 0)
                            + " MiB meanwhile; allowance per subscriber 1 MiB beyond the kernel's buffers"
                            + (stalled.cutOffEventSeen ? "; the cut-off event reached it" : ""));

            // Two instances behind the same table and topic: each change reaches the subscribers of both.
            String second = stack.startAnotherInstance("notification-service");
            try (SubscriberSwarm other = new SubscriberSwarm(second, token)) {
                other.add(healthyBeside, 250);
                Timing both = burst(swarm, other, "two instances");
                results.add(NAME, "two instances, " + healthyBeside + " subscribers each: burst delivered to all",
                        both.complete + " of " + both.total, "all", both.complete == both.total,
                        "p50 / p99 " + number(both.p50, 0) + " / " + number(both.p99, 0)
                                + " ms; the burst was applied by one instance, the other follows the shared feed");
            }
        }
    }

    private record Timing(double p50, double p99, double max, int complete, int total) {
    }

    private static double median(List<Timing> timings) {
        double[] p99s = timings.stream().mapToDouble(Timing::p99).sorted().toArray();
        return p99s.length == 0 ? 0 : p99s[p99s.length / 2];
    }

    private Timing burst(SubscriberSwarm swarm, String label) throws Exception {
        return burst(swarm, null, label);
    }

    /** Commits one burst of alert changes and times its delivery to every healthy subscriber of the swarms. */
    private Timing burst(SubscriberSwarm swarm, SubscriberSwarm other, String label) throws Exception {
        long before = feedPosition();
        lastBurstStart = before;
        int from = nextProject;
        nextProject += burstSize;
        notification.update("""
                insert into tracked_project (id, lead_unit_id, lead_unit_name, programme_id, status, annual_plan, updated_at,
                                             plan_year)
                select 'F' || lpad(i::text, 7, '0'), 'fanout-' || lpad((i % 50)::text, 2, '0'), '扇出压测单位' || (i % 50),
                       1 + i % 10, 'ACTIVE', 1000000, now(), 2024
                from generate_series(?, ?) i""", from, nextProject - 1);
        long last = awaitQuiet(before);
        List<SubscriberSwarm.Subscriber> all = new ArrayList<>(swarm.healthy());
        if (other != null) {
            all.addAll(other.healthy());
        }
        // Give slow subscribers up to 30 s to have every change.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !all.stream().allMatch(s -> s.lastId >= last)) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        Timing timing = timing(all, last, sweepEnd(from));
        burstBytes = bytes(before, last);
        System.out.printf("fan-out %s: %d changes (%d..%d), %d of %d subscribers complete, p50 %.0f ms, p99 %.0f ms%n",
                label, last - before, before + 1, last, timing.complete, all.size(), timing.p50, timing.p99);
        return timing;
    }

    /**
     * When the sweep that raised the burst ended, as System.nanoTime(): the timestamp of its log line (the service
     * and this generator share the machine's clock), in whichever instance's log it is.
     */
    private long sweepEnd(int burstFrom) throws IOException {
        Instant latest = null;
        try (var logs = Files.list(stack.log("notification-service").getParent())) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("notification-service")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    Matcher matcher = SWEEP_LINE.matcher(line);
                    if (matcher.find() && Integer.parseInt(matcher.group(2)) >= burstSize) {
                        Instant at = Instant.parse(matcher.group(1));
                        latest = latest == null || at.isAfter(latest) ? at : latest;
                    }
                }
            }
        }
        if (latest == null) {
            throw new IllegalStateException("no sweep line for the burst from project " + burstFrom);
        }
        long agoNanos = Duration.between(latest, Instant.now()).toNanos();
        return System.nanoTime() - agoNanos;
    }

    /** Waits until the feed has grown past {@code before} and then stayed put for 1.5 s (the sweep runs every second). */
    private long awaitQuiet(long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long seen = before;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = feedPosition();
            if (now != seen) {
                seen = now;
                stableSince = System.nanoTime();
            } else if (seen > before && System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(1500)) {
                return seen;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("the sweep raised nothing within 60 s (feed at " + seen + ")");
    }

    /** The SSE text the last burst's subscribers received, rebuilt from the feed table. */
    private byte[] lastBurstText() {
        StringBuilder text = new StringBuilder();
        notification.forEachRow("select sequence, change, snapshot from alert_feed where sequence > ? order by sequence",
                row -> text.append("id: ").append(row.getLong(1)).append("\nevent: ").append(row.getString(2))
                        .append("\ndata: ").append(row.getString(3)).append("\n\n"), lastBurstStart);
        return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The trivial server's burst: its timing and the CPU the server and the client used until the last had it. */
    private record Ceiling(Timing timing, double serverCpuMillis, double clientCpuMillis) {
    }

    /** The same bytes to as many subscribers from {@link TrivialFeedServer}, timed from the first write. */
    private Ceiling ceiling(byte[] text) throws Exception {
        String lastId = new String(text, java.nio.charset.StandardCharsets.UTF_8);
        long last = Long.parseLong(lastId.substring(lastId.lastIndexOf("id: ") + 4, lastId.indexOf('\n', lastId.lastIndexOf("id: "))));
        Path file = Files.createTempFile("fanout-burst", ".sse");
        Files.write(file, text);
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), TrivialFeedServer.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var output = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()));
             var input = server.getOutputStream();
             SubscriberSwarm swarm = new SubscriberSwarm(output.readLine(), "none")) {
            List<SubscriberSwarm.Subscriber> all = swarm.add(subscribers, 250);
            double serverCpuBefore = CpuMeter.cpuMillis(server.pid());
            double clientCpuBefore = CpuMeter.cpuMillis(ProcessHandle.current().pid());
            long start = System.nanoTime();
            input.write('\n');
            input.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !all.stream().allMatch(s -> s.lastId >= last)) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            Timing timing = timing(all, last, start);
            double serverCpu = CpuMeter.cpuMillis(server.pid()) - serverCpuBefore;
            double clientCpu = CpuMeter.cpuMillis(ProcessHandle.current().pid()) - clientCpuBefore;
            System.out.printf("fan-out ceiling: %d bytes to %d subscribers, p50 %.0f ms, p99 %.0f ms%n", text.length,
                    all.size(), timing.p50, timing.p99);
            return new Ceiling(timing, serverCpu, clientCpu);
        } finally {
            server.destroy();
            Files.deleteIfExists(file);
        }
    }

    private static Timing timing(List<SubscriberSwarm.Subscriber> all, long last, long start) {
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        int complete = 0;
        for (SubscriberSwarm.Subscriber subscriber : all) {
            if (subscriber.lastId >= last) {
                complete++;
                histogram.recordValue(Math.max(0, (subscriber.lastArrivalNanos - start) / 1_000));
            }
        }
        return new Timing(histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0, complete, all.size());
    }

    /** The SSE text of the burst as a supervisor receives it, in bytes (its snapshots are the bulk). */
    private long bytes(long after, long upTo) {
        return notification.single("select coalesce(sum(octet_length(snapshot) + 40), 0) from alert_feed where sequence > ? and sequence <= ?",
                after, upTo);
    }

    private long feedPosition() {
        return notification.single("select coalesce(max(sequence), 0) from alert_feed");
    }

    private static int threads(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return (int) tasks.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
