package cn.qinzhou.livelihood.benchmarks.load;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Requests sent at a steady rate whatever the answers do (a schedule, not a client waiting for each reply),
 * as lead units' submissions arrive. Latency is measured from the scheduled send time, so a server that
 * falls behind shows it in the figures instead of slowing the generator down (no coordinated omission).
 * At most {@code senders} keep-alive connections (one thread drives them all) take the scheduled requests in order;
 * when all are busy, a request waits in the queue and its wait counts in its latency.
 */
public final class OpenLoop {

    /** Told the scheduled send time (System.nanoTime) of each request just before it is sent. */
    public interface Schedule {
        void sending(int index, long scheduledNanos);
    }

    public static LoadResult run(int perSecond, int senders, int requests, IntFunction<Call> request, int expectedStatus,
                                 Schedule schedule) {
        Tally tally = new Tally(expectedStatus);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long started = System.nanoTime();
        long giveUpAt = started + requests * periodNanos + TimeUnit.MINUTES.toNanos(5);
        ArrayDeque<HttpConnections.Connection> idle = new ArrayDeque<>();
        int[] open = {0};
        int[] answered = {0};
        HttpConnections.Answered onAnswer = (connection, status) -> {
            tally.record(status, System.nanoTime() - connection.sinceNanos);
            answered[0]++;
            if (connection.isOpen()) {
                idle.add(connection);
            } else {
                open[0]--;
            }
        };
        try (HttpConnections connections = new HttpConnections()) {
            int due = 0;
            int sent = 0;
            while (answered[0] < requests) {
                long now = System.nanoTime();
                if (now > giveUpAt) {
                    throw new IllegalStateException((requests - answered[0]) + " requests unanswered after 5 minutes");
                }
                while (due < requests && started + due * periodNanos <= now) {
                    due++;
                }
                while (sent < due) {
                    long scheduled = started + sent * periodNanos;
                    HttpConnections.Connection connection = idle.poll();
                    if (connection == null && open[0] >= senders) {
                        break;
                    }
                    schedule.sending(sent, scheduled);
                    Call call = request.apply(sent++);
                    if (connection == null) {
                        try {
                            connection = connections.open(call.server());
                            open[0]++;
                        } catch (IOException e) {
                            tally.record(0, System.nanoTime() - scheduled);
                            answered[0]++;
                            continue;
                        }
                    }
                    connection.send(scheduled, call.bytes(), onAnswer);
                }
                // Requests waiting for a connection wait for an answer; otherwise until the next one is due.
                long untilNext = sent < due || due == requests ? TimeUnit.MILLISECONDS.toNanos(100)
                        : started + due * periodNanos - System.nanoTime();
                connections.poll(Math.max(0, untilNext), onAnswer);
            }
        }
        return tally.result(0, started);
    }

    private OpenLoop() {
    }
}
