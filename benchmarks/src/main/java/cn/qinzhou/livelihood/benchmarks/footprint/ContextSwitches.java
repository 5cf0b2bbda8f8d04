package cn.qinzhou.livelihood.benchmarks.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * How often each service's threads gave up a core: voluntarily (waiting for a lock, a queue, a socket: a hand-off
 * between threads or a round trip) and involuntarily (preempted, the cores being wanted by more threads than there
 * are). Like the write-ahead log's records, a count that the cores' speed hardly moves: the same request path makes
 * the same waits. Read from each live thread's {@code /proc/PID/task/TID/status}; a thread that ended between two
 * snapshots takes its count with it. Snapshots come from {@link CpuMeter#switchSnapshot}.
 */
public final class ContextSwitches {

    /** One service's switches so far. */
    public record Count(long voluntary, long involuntary) {
    }

    private ContextSwitches() {
    }

    /** Each service's switches between two snapshots per unit of work, e.g. "progress 1.86 / 2.80, ..." (voluntary / involuntary). */
    public static String per(Map<String, Count> before, Map<String, Count> after, long units) {
        double per = Math.max(1, units);
        StringBuilder out = new StringBuilder();
        before.forEach((service, start) -> {
            Count end = after.get(service);
            out.append(out.length() == 0 ? "" : ", ").append(service.replace("-service", "")).append(' ')
                    .append(number((end.voluntary() - start.voluntary()) / per, 2)).append(" / ")
                    .append(number((end.involuntary() - start.involuntary()) / per, 2));
        });
        return out.toString();
    }

    /** A process's switches so far, summed over its live threads. */
    static Count ofProcess(long pid) {
        long voluntary = 0;
        long involuntary = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    Count thread = parse(Files.readString(task.resolve("status")));
                    voluntary += thread.voluntary();
                    involuntary += thread.involuntary();
                } catch (IOException | RuntimeException e) {
                    // The thread ended while being read.
                }
            }
        } catch (IOException e) {
            return new Count(0, 0);
        }
        return new Count(voluntary, involuntary);
    }

    /** The two counts of a {@code status} file. */
    static Count parse(String status) {
        long voluntary = 0;
        long involuntary = 0;
        for (String line : status.split("\n")) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return new Count(voluntary, involuntary);
    }
}
