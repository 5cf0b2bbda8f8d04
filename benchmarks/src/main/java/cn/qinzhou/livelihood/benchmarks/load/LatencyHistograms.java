package cn.qinzhou.livelihood.benchmarks.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/** One histogram shape for every latency the benchmarks record: microseconds, up to 10 minutes, 3 digits. */
public final class LatencyHistograms {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    public static Histogram concurrent() {
        return new ConcurrentHistogram(HIGHEST_MICROS, 3);
    }

    /** Records a duration in nanoseconds, clamped to the histogram's range so an outlier is kept, not thrown. */
    public static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }

    private LatencyHistograms() {
    }
}
