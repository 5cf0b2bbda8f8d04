package cn.qinzhou.livelihood.benchmarks.footprint;

import cn.qinzhou.livelihood.benchmarks.results.Results;
import cn.qinzhou.livelihood.testsupport.ServiceStack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Launch to ready (wall clock, the three starting side by side) and Quarkus's own start figure. */
    public void startTimes() {
        for (String service : ServiceStack.SERVICES) {
            results.add(NAME, service + " start s", number(stack.startTime(service).toMillis() / 1000.0, 1),
                    "launch to ready, 3 JVMs at once; Quarkus: " + quarkusStarted(stack.log(service)) + " s");
        }
    }

    public void residentMemory(String when) {
        for (String service : ServiceStack.SERVICES) {
            long pid = stack.pid(service);
            results.add(NAME, service + " RSS MiB " + when, number(kib(pid, "VmRSS") / 1024.0, 0),
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

    private static String quarkusStarted(Path log) {
        try {
            Matcher matcher = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
            return matcher.find() ? matcher.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }
}
