package cn.qinzhou.livelihood.benchmarks;

import cn.qinzhou.livelihood.benchmarks.alerts.AlertLatencyBenchmark;
import cn.qinzhou.livelihood.benchmarks.delivery.DeliveryBenchmark;
import cn.qinzhou.livelihood.benchmarks.fanout.FeedFanOutBenchmark;
import cn.qinzhou.livelihood.benchmarks.fixtures.Backlog;
import cn.qinzhou.livelihood.benchmarks.fixtures.BenchProjects;
import cn.qinzhou.livelihood.benchmarks.fixtures.Database;
import cn.qinzhou.livelihood.benchmarks.fixtures.ProjectPool;
import cn.qinzhou.livelihood.benchmarks.flood.FloodIsolationBenchmark;
import cn.qinzhou.livelihood.benchmarks.footprint.CpuMeter;
import cn.qinzhou.livelihood.benchmarks.footprint.ProcessFootprint;
import cn.qinzhou.livelihood.benchmarks.ingestion.IngestionBenchmark;
import cn.qinzhou.livelihood.benchmarks.load.Pause;
import cn.qinzhou.livelihood.benchmarks.reads.ReadsBenchmark;
import cn.qinzhou.livelihood.benchmarks.results.CoreSpeed;
import cn.qinzhou.livelihood.benchmarks.results.Results;
import cn.qinzhou.livelihood.benchmarks.scale.ScaleBenchmark;
import cn.qinzhou.livelihood.testsupport.RobotReceivers;
import cn.qinzhou.livelihood.testsupport.ServiceStack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * Runs the benchmarks against the packaged services (started as deploy/local/run.sh starts them,
 * on throw-away databases and a throw-away broker), prints each figure as it is measured and writes them all
 * to benchmarks/target/results.md. Usage: {@code Benchmarks [--quick] [--only=ingestion,alerts,reads,scale,footprint,flood,fanout,delivery]}.
 *
 * <p>The services' clocks start at 10:00 on 2 September 2024 (Shanghai): the August reports may be sent and
 * are on time, no deadline has passed yet, so nothing but the benchmark's own load runs until the scale
 * scenario moves notification-service's clock past the deadline of 5 September.
 */
public final class Benchmarks {

    static final String CLOCK_START = "2024-09-02T10:00:00+08:00";
    /** Enough for the others' steady first reports (20/s for nine phases of 30 s) and the flooding unit's own projects. */
    static final int FLOOD_PROJECTS = 20_000;
    static final List<String> MAIN_STACK_SCENARIOS = List.of("ingestion", "alerts", "reads", "scale", "footprint");

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        Settings settings = arguments.contains("--quick") ? Settings.quick() : Settings.full();
        List<String> only = arguments.stream().filter(a -> a.startsWith("--only=")).findFirst()
                .map(a -> Arrays.asList(a.substring("--only=".length()).split(","))).orElse(List.of());
        Path root = Path.of(System.getProperty("livelihood.repository.root", ".")).toAbsolutePath().normalize();
        Results results = new Results();
        results.context("mode " + settings.mode() + ", started " + Instant.now() + ", commit "
                + System.getProperty("livelihood.commit", "unknown"));
        results.context("at start: " + Results.load() + "; " + CoreSpeed.probe());
        results.context("everything on one machine: PostgreSQL, the broker, 3 service JVMs and the load generator share the cores");
        long started = System.nanoTime();
        ServiceStack stack = new ServiceStack(root, root.resolve("benchmarks/target/stack-logs"), "bench")
                .env("LIVELIHOOD_CLOCK_ADJUSTABLE", "true")
                .env("LIVELIHOOD_CLOCK_START_AT", CLOCK_START)
                .env("LIVELIHOOD_ALERTS_SWEEP_EVERY", "2s")
                // On a machine busy with other builds the first connections can take longer than the default 5 s.
                .env("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "30S")
                // These scenarios measure the write path, many writes a second per unit: the per-unit limit is
                // lifted here, and the flood scenario has a stack of its own with the production limit.
                .env("LIVELIHOOD_RATE_LIMIT_WRITES_PER_SECOND", "100000")
                .env("LIVELIHOOD_RATE_LIMIT_BURST", "100000");
        try (stack) {
            if (!only.isEmpty() && only.stream().noneMatch(MAIN_STACK_SCENARIOS::contains)) {
                return;
            }
            stack.start(Duration.ofSeconds(180));
            ProcessFootprint footprint = new ProcessFootprint(stack, results);
            footprint.startTimes();
            BenchProjects projects = new BenchProjects(stack);
            projects.register(0, settings.benchProjects());
            footprint.residentMemory("idle");
            footprint.idleCpu(new CpuMeter(stack), 15, "idle CPU ms/s");
            ProjectPool pool = new ProjectPool(stack.url("progress-service"), settings.benchProjects());
            Database progress = new Database(stack.database("progress-service"));
            Backlog backlog = new Backlog(progress, projects.tracking());
            if (only.isEmpty() || only.contains("ingestion")) {
                guarded(results, "1 ingestion", () -> new IngestionBenchmark(settings, pool, backlog,
                        new CpuMeter(stack), progress, results).run());
            }
            if (only.isEmpty() || only.contains("alerts")) {
                guarded(results, "2 report -> alert", () -> new AlertLatencyBenchmark(settings, pool,
                        stack.url("notification-service"), progress, projects.tracking(), backlog, new CpuMeter(stack),
                        results).run());
            }
            if (only.isEmpty() || only.contains("reads")) {
                guarded(results, "8 reads", () -> new ReadsBenchmark(stack.url("project-service"),
                        stack.url("progress-service"), pool, new CpuMeter(stack), results, settings.readSeconds()).run());
            }
            if (only.isEmpty() || only.contains("ingestion") || only.contains("alerts") || only.contains("reads")) {
                footprint.residentMemory("after load");
                // the same 15 s tell what the stack costs doing nothing once the scenarios' rows are in its tables
                footprint.idleCpu(new CpuMeter(stack), 15, "idle CPU ms/s after the load");
                footprint.residentMemory("15 s after the load");
                // the periodic collections go on compacting (mixed collections) while the service idles
                Pause.millis(45_000);
                footprint.residentMemory("60 s after the load");
            }
            // The restarts before the scale scenario: with its million projects the deadline sweep (every 2 s here) keeps
            // notification-service and PostgreSQL busy, and the stack is no longer idle. The restarted instances
            // stay up until the stack closes.
            guarded(results, "4 footprint", footprint::restartTogetherTimes);
            guarded(results, "4 footprint", footprint::aloneStartTimes);
            if (only.isEmpty() || only.contains("scale")) {
                guarded(results, "3 scale", () -> new ScaleBenchmark(settings, stack, projects, results)
                        .run(settings.benchProjects()));
                String scaled = "after the scale scenario (" + number(settings.scaleProjects(), 0) + " more projects, the sweep every 2 s)";
                footprint.idleCpu(new CpuMeter(stack), 15, "CPU ms/s with nothing sent, " + scaled);
                guarded(results, "4 footprint", () -> footprint.aloneStartTimesBeside(scaled));
            }
        } finally {
            if (only.isEmpty() || only.contains("flood")) {
                guarded(results, "5 flood isolation", () -> flood(root, settings, results));
            }
            if (only.isEmpty() || only.contains("fanout")) {
                guarded(results, "6 alert feed fan-out", () -> fanOut(root, settings, results));
            }
            if (only.isEmpty() || only.contains("delivery")) {
                guarded(results, "7 alert delivery", () -> delivery(root, settings, results));
            }
            results.context("at end: " + Results.load() + "; " + CoreSpeed.probe() + "; run took "
                    + number((System.nanoTime() - started) / 1e9 / 60, 1) + " min");
            Path file = root.resolve("benchmarks/target/results.md");
            results.write(file);
            System.out.println("written to " + file);
        }
    }

    /**
     * One unit flooding writes, on a stack of its own with the services' production write limit and
     * {@code floodProjects} bench projects (the others' steady rate and the flood need no more).
     */
    private static void flood(Path root, Settings settings, Results results) {
        ServiceStack stack = new ServiceStack(root, root.resolve("benchmarks/target/stack-logs/flood"), "flood")
                .env("LIVELIHOOD_CLOCK_ADJUSTABLE", "true")
                .env("LIVELIHOOD_CLOCK_START_AT", CLOCK_START)
                .env("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "30S");
        try (stack) {
            stack.start(Duration.ofSeconds(180));
            BenchProjects projects = new BenchProjects(stack);
            projects.register(0, FLOOD_PROJECTS);
            ProjectPool pool = new ProjectPool(stack.url("progress-service"), FLOOD_PROJECTS);
            Backlog backlog = new Backlog(new Database(stack.database("progress-service")), projects.tracking());
            new FloodIsolationBenchmark(settings, pool, FLOOD_PROJECTS, backlog, results).run();
        }
    }

    /**
     * The feed fan-out on a stack of its own: the 79 seeded projects and nothing else, the clock past August's
     * deadline, the sweep every second, so each burst of tracked projects is raised at once.
     */
    private static void fanOut(Path root, Settings settings, Results results) {
        ServiceStack stack = new ServiceStack(root, root.resolve("benchmarks/target/stack-logs/fanout"), "fanout")
                .env("LIVELIHOOD_CLOCK_ADJUSTABLE", "true")
                .env("LIVELIHOOD_CLOCK_START_AT", FeedFanOutBenchmark.CLOCK)
                .env("LIVELIHOOD_ALERTS_SWEEP_EVERY", "1s");
        try (stack) {
            stack.start(Duration.ofSeconds(180));
            new FeedFanOutBenchmark(stack, results, settings.feedSubscribers(), settings.feedHealthyBesideStalled(),
                    settings.feedBurst()).run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Alerts delivered to a local webhook and robot on a stack of its own: the sweep every second, the clock movable
     * (past August's deadline, then to the digest time), the webhook's signing key under the name the subscriptions use.
     */
    private static void delivery(Path root, Settings settings, Results results) {
        ServiceStack stack = new ServiceStack(root, root.resolve("benchmarks/target/stack-logs/delivery"), "delivery")
                .env("LIVELIHOOD_CLOCK_ADJUSTABLE", "true")
                .env("LIVELIHOOD_CLOCK_START_AT", DeliveryBenchmark.CLOCK_START)
                .env("LIVELIHOOD_ALERTS_SWEEP_EVERY", "1s")
                .env("LIVELIHOOD_DELIVERY_SECRETS_BENCH_HOOK", RobotReceivers.HOOK_KEY)
                .env("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "30S");
        try (stack) {
            stack.start(Duration.ofSeconds(180));
            new DeliveryBenchmark(stack, results, settings.deliveryAlerts(), settings.deliveryAlertsPerSecond(),
                    settings.deliveryBurst()).run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A scenario that fails is reported as such and the others still run. */
    private static void guarded(Results results, String scenario, Runnable run) {
        try {
            run.run();
        } catch (RuntimeException e) {
            results.add(scenario, "FAILED", "-", e.toString());
            e.printStackTrace();
        }
    }

    private Benchmarks() {
    }
}
