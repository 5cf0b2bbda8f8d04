package cn.qinzhou.livelihood.benchmarks.load;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a load run measured: answers with the expected status, the others (by status; 0 = no answer), the
 * wall time, and the latency of every request in microseconds.
 */
public record LoadResult(int clients, long succeeded, long failed, Map<Integer, Long> unexpectedStatuses,
                         double seconds, Histogram latencyMicros) {

    public LoadResult {
        unexpectedStatuses = new TreeMap<>(unexpectedStatuses);
    }

    /** Successful requests per second of wall time. */
    public double throughput() {
        return seconds == 0 ? 0 : succeeded / seconds;
    }

    /**
     * Several runs of the same load taken as one: their answers and seconds added, their latencies in one histogram
     * (a percentile of all their requests, not an average of theirs).
     */
    public static LoadResult combined(List<LoadResult> runs) {
        Histogram latencies = new Histogram(3);
        Map<Integer, Long> unexpected = new TreeMap<>();
        long succeeded = 0;
        long failed = 0;
        double seconds = 0;
        for (LoadResult run : runs) {
            latencies.add(run.latencyMicros());
            run.unexpectedStatuses().forEach((status, count) -> unexpected.merge(status, count, Long::sum));
            succeeded += run.succeeded();
            failed += run.failed();
            seconds += run.seconds();
        }
        return new LoadResult(runs.isEmpty() ? 0 : runs.get(0).clients(), succeeded, failed, unexpected, seconds, latencies);
    }

    /** The latency at the percentile (0-100), in milliseconds. */
    public double percentileMillis(double percentile) {
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
}
