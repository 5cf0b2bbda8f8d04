package cn.qinzhou.livelihood.benchmarks.footprint;

import cn.qinzhou.livelihood.testsupport.ServiceStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * CPU time the service JVMs spent (user + system, from /proc/PID/stat), so a run can say how many CPU
 * milliseconds one request cost each service: a figure that holds on a busy machine, where throughput and
 * latency mostly say how much CPU was left over.
 */
public final class CpuMeter {

    /** Linux reports utime and stime in clock ticks of 1/100 s (USER_HZ) on every architecture Java runs on. */
    private static final double MILLIS_PER_TICK = 10.0;
    private static final String LOAD_GENERATOR = "load-generator";

    private final ServiceStack stack;

    public CpuMeter(ServiceStack stack) {
        this.stack = stack;
    }

    /** CPU milliseconds used so far, per service. */
    public Map<String, Double> snapshot() {
        return eachService(CpuMeter::cpuMillis);
    }

    /** Each service's context switches so far ({@link ContextSwitches}). */
    public Map<String, ContextSwitches.Count> switchSnapshot() {
        return eachService(ContextSwitches::ofProcess);
    }

    private <T> Map<String, T> eachService(LongFunction<T> ofProcess) {
        Map<String, T> values = new LinkedHashMap<>();
        for (String service : ServiceStack.SERVICES) {
            values.put(service, ofProcess.apply(stack.pid(service)));
        }
        return values;
    }

    /**
     * As {@link #snapshot}, plus what else shares the machine: PostgreSQL's processes, the Kafka broker and this
     * load generator, so a run can say where each request's CPU went.
     */
    public Map<String, Double> snapshotWithNeighbours() {
        Map<String, Double> used = snapshot();
        double postgres = 0;
        double broker = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String comm = Files.readString(process.resolve("comm")).strip();
                    // A process that ended between listing and reading counts nothing (NaN would spoil the sum).
                    // PostgreSQL's backends end with their connections (pgbench's, a pool's): the postmaster that
                    // reaped them holds their CPU as its children's, so that is counted too.
                    double millis = comm.equals("postgres") ? cpuMillisWithReapedChildren(Long.parseLong(name))
                            : cpuMillis(Long.parseLong(name));
                    if (Double.isNaN(millis)) {
                        continue;
                    }
                    if (comm.equals("postgres")) {
                        postgres += millis;
                    } else if (comm.equals("java") && Files.readString(process.resolve("cmdline")).contains("kafka.Kafka")) {
                        broker += millis;
                    }
                } catch (IOException | RuntimeException e) {
                    // The process ended while being read.
                }
            }
        } catch (IOException e) {
            return used;
        }
        used.put("postgres", postgres);
        used.put("broker", broker);
        used.put(LOAD_GENERATOR, cpuMillis(ProcessHandle.current().pid()));
        return used;
    }

    /** CPU milliseconds per request of each service between two snapshots, e.g. "progress 3.1, notification 2.0". */
    public static String perRequest(Map<String, Double> before, Map<String, Double> after, long requests) {
        return perRequest(before, after, requests, 1);
    }

    /** As above, with as many decimals as cheap requests need. */
    public static String perRequest(Map<String, Double> before, Map<String, Double> after, long requests, int decimals) {
        return "CPU ms/request:" + each(before, after, Math.max(1, requests), decimals);
    }

    /**
     * The CPU milliseconds per request of every process but the load generator between two snapshots: the services,
     * and PostgreSQL and the broker when the snapshots have them.
     */
    public static double totalPerRequest(Map<String, Double> before, Map<String, Double> after, long requests) {
        double total = 0;
        for (Map.Entry<String, Double> process : before.entrySet()) {
            if (!process.getKey().equals(LOAD_GENERATOR)) {
                total += after.get(process.getKey()) - process.getValue();
            }
        }
        return total / Math.max(1, requests);
    }

    /** One process's CPU milliseconds between two snapshots, divided by {@code per}, e.g. PostgreSQL's a report. */
    public static double of(String process, Map<String, Double> before, Map<String, Double> after, double per) {
        return (after.get(process) - before.get(process)) / per;
    }

    /** Each process's CPU milliseconds between two snapshots, divided by {@code per}, e.g. " project 0.0 progress 3.1". */
    public static String each(Map<String, Double> before, Map<String, Double> after, double per, int decimals) {
        StringBuilder out = new StringBuilder();
        before.forEach((process, start) -> out.append(' ').append(process.replace("-service", "")).append(' ')
                .append(String.format(java.util.Locale.ROOT, "%." + decimals + "f", (after.get(process) - start) / per)));
        return out.toString();
    }

    /**
     * Where a JVM's CPU went so far, by its live threads' names (/proc/PID/task): the JIT compilers, the garbage
     * collector, main, and the other threads; "ended" is what threads no longer alive used (the process's total less
     * the live ones'), e.g. "JIT 2.6, GC 0.2, main 1.9, other 0.8, ended 0.4 s".
     */
    public static String byThread(long pid) {
        Map<String, Double> millis = byThreadMillis(pid);
        if (millis.isEmpty()) {
            return "threads unreadable";
        }
        StringBuilder out = new StringBuilder();
        millis.forEach((group, value) -> out.append(out.length() == 0 ? "" : ", ").append(group).append(' ')
                .append(String.format(java.util.Locale.ROOT, "%.1f", value / 1000)));
        return out.append(" s").toString();
    }

    /** As {@link #byThread}, in milliseconds by group; empty when the threads cannot be read. */
    private static Map<String, Double> byThreadMillis(long pid) {
        Map<String, Double> millis = new LinkedHashMap<>();
        for (String group : new String[] {"JIT", "GC", "main", "other"}) {
            millis.put(group, 0.0);
        }
        double live = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    double used = ticksMillis(Files.readString(task.resolve("stat")));
                    String group = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "JIT"
                            : name.startsWith("GC Thread") || name.startsWith("G1 ") ? "GC"
                            : name.equals("java") ? "main" // the launcher's first thread is named after the binary
                            : "other";
                    millis.merge(group, used, Double::sum);
                    live += used;
                } catch (IOException | RuntimeException e) {
                    // The thread ended while being read: it counts under "ended".
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        millis.put("ended", Math.max(0, cpuMillis(pid) - live));
        return millis;
    }

    /**
     * CPU milliseconds the services' JIT compilers used so far: work a measured level pays while the compilers still
     * catch up with its code, and a longer-running instance no longer does.
     */
    public Map<String, Double> compilerSnapshot() {
        return eachService(pid -> byThreadMillis(pid).getOrDefault("JIT", 0.0));
    }

    public static double cpuMillis(long pid) {
        try {
            return ticksMillis(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * What this load generator's children that ended used (pgbench, wrk), in CPU milliseconds so far: their CPU is
     * counted apart from the load generator's own.
     */
    public static double endedChildrenMillis() {
        long self = ProcessHandle.current().pid();
        return cpuMillisWithReapedChildren(self) - cpuMillis(self);
    }

    /** utime + stime of the process and cutime + cstime, what its children that ended and were waited for used. */
    static double cpuMillisWithReapedChildren(long pid) {
        try {
            String[] fields = statFields(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            return ticksMillis(fields, 11, 12) + ticksMillis(fields, 13, 14);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** utime + stime of a /proc stat line (a process's or a thread's), in milliseconds. */
    private static double ticksMillis(String stat) {
        return ticksMillis(statFields(stat), 11, 12);
    }

    /**
     * The fields of a /proc stat line after the command name (which may hold spaces), so that utime, stime, cutime and
     * cstime (the line's 14th to 17th) are at 11 to 14.
     */
    private static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static double ticksMillis(String[] fields, int first, int second) {
        return (Long.parseLong(fields[first]) + Long.parseLong(fields[second])) * MILLIS_PER_TICK;
    }
}
