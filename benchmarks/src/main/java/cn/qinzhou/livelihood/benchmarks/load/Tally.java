package cn.qinzhou.livelihood.benchmarks.load;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the answers of one load run were, recorded from any number of sender threads. */
final class Tally {

    private final int expectedStatus;
    private final Histogram latency = LatencyHistograms.concurrent();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<Integer, Long> unexpected = new ConcurrentHashMap<>();

    Tally(int expectedStatus) {
        this.expectedStatus = expectedStatus;
    }

    /** One answer: its status (0 = none) and how long it took in nanoseconds. */
    void record(int status, long nanos) {
        LatencyHistograms.record(latency, nanos);
        if (status == expectedStatus) {
            succeeded.incrementAndGet();
        } else {
            failed.incrementAndGet();
            unexpected.merge(status, 1L, Long::sum);
        }
    }

    LoadResult result(int clients, long startedNanos) {
        return new LoadResult(clients, succeeded.get(), failed.get(), unexpected,
                (System.nanoTime() - startedNanos) / 1e9, latency);
    }
}
