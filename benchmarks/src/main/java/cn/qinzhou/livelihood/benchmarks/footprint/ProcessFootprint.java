package cn.qinzhou.livelihood.benchmarks.footprint;

import cn.qinzhou.livelihood.benchmarks.load.Pause;
import cn.qinzhou.livelihood.benchmarks.results.Results;
import cn.qinzhou.livelihood.testsupport.ServiceStack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * Each service's start time and resident memory, read from /proc/PID/status (VmRSS now, VmHWM the peak
 * since start) as the kernel counts it: heap, metaspace, code cache, thread stacks and all.
 */
public final class ProcessFootprint {

    private static final String NAME = "4 footprint";
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    private final ServiceStack stack;
    private final Results results;

    public ProcessFootprint(ServiceStack stack, Results results) {
        this.stack = stack;
        this.results = results;
    }

    /**
     * Launch to ready (wall clock, the three starting side by side) and Quarkus's own start figure, as the stack
     * first started: on new databases (the migrations applied, project-service announcing the seeded plan), unless
     * the class-data training run just before had already started the services on them.
     */
    public void startTimes() {
        for (String service : ServiceStack.SERVICES) {
            double seconds = stack.startTime(service).toMillis() / 1000.0;
            String databases = migratedAtStart(stack.log(service))
                    ? "on its new database (the migrations applied)" : "on the database the training run had migrated";
            results.add(NAME, service + " start s", number(seconds, 1), "< 6", seconds < 6,
                    "launch to ready, 3 JVMs at once, " + databases + "; Quarkus: " + quarkusStarted(stack.log(service)) + " s");
        }
    }

    /** The three stopped and started again side by side on their databases, as a redeploy of the stack does. */
    public void restartTogetherTimes() {
        Map<String, Duration> readyAfter = stack.restartTogether();
        for (String service : ServiceStack.SERVICES) {
            double seconds = readyAfter.get(service).toMillis() / 1000.0;
            results.add(NAME, service + " start s, the three restarted together", number(seconds, 1), "< 6", seconds < 6,
                    "launch to ready, 3 JVMs at once after a graceful stop, on their databases, the rest of the stack idle; "
                            + atReady(service));
        }
    }

    /**
     * Launch to ready of each service started alone, one at a time, while the rest of the stack idles: stopped as an
     * orchestrator stops it (SIGTERM, so it leaves its consumer groups) and started again on the same database and
     * broker, as a rolling restart does. With the CPU seconds its JVM had used when it was first ready.
     */
    public void aloneStartTimes() {
        aloneStartTimes("start alone s", "the rest of the stack idle", true);
    }

    /**
     * The same starts on a stack that is not idle (the scale scenario's million projects, which the deadline sweep
     * goes over every 2 s), printed beside the target rather than judged by it.
     */
    public void aloneStartTimesBeside(String condition) {
        aloneStartTimes("start alone s, " + condition, condition, false);
    }

    private void aloneStartTimes(String measure, String condition, boolean judged) {
        for (String service : ServiceStack.SERVICES) {
            stack.stop(service);
            long began = System.nanoTime();
            stack.restart(service);
            double seconds = (System.nanoTime() - began) / 1e9;
            String context = "launch to ready, restarted after a graceful stop, " + condition + "; " + atReady(service);
            if (judged) {
                results.add(NAME, service + " " + measure, number(seconds, 1), "< 3", seconds < 3, context);
            } else {
                results.add(NAME, service + " " + measure, number(seconds, 1), context);
            }
        }
    }

    /** The CPU seconds the service's JVM has used, by its threads, and Quarkus's own start figure: read once it is ready. */
    private String atReady(String service) {
        long pid = stack.pid(service);
        return number(CpuMeter.cpuMillis(pid) / 1000, 1) + " CPU s at ready (" + CpuMeter.byThread(pid) + "); Quarkus: "
                + quarkusStarted(stack.log(service)) + " s";
    }

    /**
     * The CPU the stack uses doing nothing (no request, no event; the sweep, the relays' and consumers' polls, the
     * metrics refresh, the broker's own work), per process, in milliseconds a second: what every figure per request
     * carries at a low rate.
     */
    public void idleCpu(CpuMeter cpu, int seconds, String measure) {
        var before = cpu.snapshotWithNeighbours();
        Pause.millis(seconds * 1000L);
        var after = cpu.snapshotWithNeighbours();
        double total = before.keySet().stream().filter(process -> !process.equals("load-generator"))
                .mapToDouble(process -> after.get(process) - before.get(process)).sum() / seconds;
        results.add(NAME, measure, number(total, 0), "over " + seconds + " s with nothing sent, all but the load generator;"
                + CpuMeter.each(before, after, seconds, 0) + " (1,000 = one core)");
    }

    public void residentMemory(String when) {
        for (String service : ServiceStack.SERVICES) {
            long pid = stack.pid(service);
            double mib = kib(pid, "VmRSS") / 1024.0;
            results.add(NAME, service + " RSS MiB " + when, number(mib, 0), "< 300", mib < 300,
                    "peak since start " + number(kib(pid, "VmHWM") / 1024.0, 0) + " MiB (VmHWM); -Xmx512m");
        }
    }

    /** A field of /proc/PID/status in KiB (VmRSS, VmHWM), or -1. */
    public static long kib(long pid, String field) {
        try {
            Matcher matcher = Pattern.compile(field + ":\\s+(\\d+) kB")
                    .matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Whether the service's first start in this log found an empty schema (Flyway's "<< Empty Schema >>"). */
    private static boolean migratedAtStart(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            int started = text.indexOf("started in");
            int empty = text.indexOf("Empty Schema");
            return empty >= 0 && (started < 0 || empty < started);
        } catch (IOException e) {
            return false;
        }
    }

    /** Quarkus's "started in" of the log's latest start (a restarted service appends to its log). */
    private static String quarkusStarted(Path log) {
        try {
            Matcher matcher = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
            String last = "?";
            while (matcher.find()) {
                last = matcher.group(1);
            }
            return last;
        } catch (IOException e) {
            return "?";
        }
    }
}
