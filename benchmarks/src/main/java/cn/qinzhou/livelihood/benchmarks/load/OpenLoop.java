package cn.qinzhou.livelihood.benchmarks.load;

import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Requests sent at a steady rate whatever the answers do (a schedule, not a client waiting for each reply),
 * as lead units' submissions arrive. Latency is measured from the scheduled send time, so a server that
 * falls behind shows it in the figures instead of slowing the generator down (no coordinated omission).
 */
public final class OpenLoop {

    /** Told the scheduled send time (System.nanoTime) of each request just before it goes out. */
    public interface Schedule {
        void sending(int index, long scheduledNanos);
    }

    public static LoadResult run(HttpClient http, int perSecond, int requests, IntFunction<HttpRequest> request,
                                 int expectedStatus, Schedule schedule) {
        Histogram latency = LatencyHistograms.concurrent();
        AtomicLong succeeded = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, Long> unexpected = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(requests);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long started = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long scheduled = started + i * periodNanos;
            for (long wait = scheduled - System.nanoTime(); wait > 0; wait = scheduled - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            schedule.sending(i, scheduled);
            http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                LatencyHistograms.record(latency, System.nanoTime() - scheduled);
                int status = error == null ? response.statusCode() : 0;
                if (status == expectedStatus) {
                    succeeded.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    unexpected.merge(status, 1L, Long::sum);
                }
                answered.countDown();
            });
        }
        try {
            if (!answered.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(answered.getCount() + " requests unanswered after 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new LoadResult(0, succeeded.get(), failed.get(), unexpected, seconds, latency);
    }

    private OpenLoop() {
    }
}
