package cn.qinzhou.livelihood.benchmarks.load;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Requests sent at a steady rate whatever the answers do (a schedule, not a client waiting for each reply),
 * as lead units' submissions arrive. Latency is measured from the scheduled send time, so a server that
 * falls behind shows it in the figures instead of slowing the generator down (no coordinated omission).
 * A fixed pool of sender threads (so at most that many connections) takes the scheduled requests in order;
 * when all are busy, a request waits in the queue and its wait counts in its latency.
 */
public final class OpenLoop {

    /** Told the scheduled send time (System.nanoTime) of each request just before a sender sends it. */
    public interface Schedule {
        void sending(int index, long scheduledNanos);
    }

    public static LoadResult run(HttpClient http, int perSecond, int senders, int requests,
                                 IntFunction<HttpRequest> request, int expectedStatus, Schedule schedule) {
        Tally tally = new Tally(expectedStatus);
        CountDownLatch answered = new CountDownLatch(requests);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        long started = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long scheduled = started + i * periodNanos;
            for (long wait = scheduled - System.nanoTime(); wait > 0; wait = scheduled - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            pool.execute(() -> {
                schedule.sending(index, scheduled);
                int status = ClosedLoop.send(http, request.apply(index));
                tally.record(status, System.nanoTime() - scheduled);
                answered.countDown();
            });
        }
        pool.shutdown();
        try {
            if (!answered.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(answered.getCount() + " requests unanswered after 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return tally.result(0, started);
    }

    private OpenLoop() {
    }
}
