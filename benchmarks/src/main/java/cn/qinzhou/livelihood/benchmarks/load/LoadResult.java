package cn.qinzhou.livelihood.benchmarks.load;

import org.HdrHistogram.Histogram;

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

    /** The latency at the percentile (0-100), in milliseconds. */
    public double percentileMillis(double percentile) {
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
}
