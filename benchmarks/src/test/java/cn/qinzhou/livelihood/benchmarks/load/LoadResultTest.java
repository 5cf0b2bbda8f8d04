package cn.qinzhou.livelihood.benchmarks.load;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class LoadResultTest {

    @Test
    void runsCombinedHaveTheirAnswersAddedAndAPercentileOfAllTheirRequests() {
        LoadResult fast = run(10, Map.of(429, 2L), 30.0, 1_000, 90);
        LoadResult slow = run(10, Map.of(429, 1L, 0, 1L), 30.0, 20_000, 10);

        LoadResult combined = LoadResult.combined(List.of(fast, slow));

        assertThat(combined.succeeded()).isEqualTo(100);
        assertThat(combined.failed()).isEqualTo(4);
        // In status order, as the report prints them; Map.of's own order is random from one JVM to the next.
        assertThat(combined.unexpectedStatuses()).containsExactly(entry(0, 1L), entry(429, 3L));
        assertThat(combined.seconds()).isEqualTo(60.0);
        // 90 requests at 1 ms and 10 at 20 ms: the 95th percentile of all of them is a slow one, of neither run alone.
        assertThat(combined.percentileMillis(50)).isBetween(0.99, 1.01);
        assertThat(combined.percentileMillis(95)).isBetween(19.9, 20.1);
        assertThat(fast.percentileMillis(95)).isBetween(0.99, 1.01);
    }

    private static LoadResult run(int clients, Map<Integer, Long> unexpected, double seconds, long micros, int requests) {
        Histogram latencies = new Histogram(3);
        latencies.recordValueWithCount(micros, requests);
        long failed = unexpected.values().stream().mapToLong(Long::longValue).sum();
        return new LoadResult(clients, requests, failed, unexpected, seconds, latencies);
    }
}
