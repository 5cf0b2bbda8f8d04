package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live alert feed of this instance: one thread follows the {@code alert_feed} table and hands each new run
 * of changes to every subscriber, encoded once per scope (everything, one unit, one plan year or both) and written to each connection
 * without a thread of its own. Following the table, which every instance shares, is what brings each instance
 * the changes the others commit; a commit here wakes the follower at once, and it polls for the others'.
 * Feed writers serialise on a transaction-scoped advisory lock, so sequences become visible in order and the
 * follower's cursor never passes a change that commits late.
 */
@ApplicationScoped
public class AlertStream {

    private static final Logger LOG = Logger.getLogger(AlertStream.class);
    private static final int PAGE = 500;
    private static final long CATCH_UP_PATIENCE_MILLIS = 30_000;

    private final AlertService alerts;
    private final Duration pollInterval;
    private final Duration heartbeat;
    private final Set<StreamSubscriber> live = ConcurrentHashMap.newKeySet();
    /** Held while a run is handed out, and by a subscriber joining the live feed, so none falls between the two. */
    private final Object dispatching = new Object();
    private final Semaphore committed = new Semaphore(0);
    /** Where a subscriber starts: a few threads that read the table, shared by all subscribers. */
    private final ExecutorService joining = Executors.newFixedThreadPool(2, daemon("alert-stream-join"));
    private volatile long cursor;
    private volatile boolean running;
    private Thread follower;

    public AlertStream(AlertService alerts,
                       @ConfigProperty(name = "livelihood.alerts.stream.poll-interval", defaultValue = "PT0.25S") Duration pollInterval,
                       @ConfigProperty(name = "livelihood.alerts.stream.heartbeat", defaultValue = "PT15S") Duration heartbeat) {
        this.alerts = alerts;
        this.pollInterval = pollInterval;
        this.heartbeat = heartbeat;
    }

    void start(@Observes StartupEvent event) {
        cursor = alerts.feedPosition();
        running = true;
        follower = daemon("alert-stream-follower").newThread(this::follow);
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        committed.release();
        joining.shutdownNow();
        if (follower != null) {
            follower.join(5_000);
        }
        live.forEach(StreamSubscriber::close);
    }

    /** Alert changes are recorded with an event for livelihood.alert.events: that commit is the signal. */
    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.OutboxAppended appended) {
        if (Topics.ALERT_EVENTS.equals(appended.topic())) {
            committed.release();
        }
    }

    /** Subscribers following the live feed now (for the operator and the benchmarks). */
    public int subscriberCount() {
        return live.size();
    }

    /** From the next change on, after a {@code position} event that says where that is. */
    void joinNow(StreamSubscriber subscriber) {
        joining.execute(() -> {
            synchronized (dispatching) {
                long at = cursor;
                if (subscriber.write(position(at))) {
                    subscriber.markSent(at);
                    live.add(subscriber);
                }
            }
        });
    }

    /** Every change after {@code after} from the table, then live ones, none twice and none missed. */
    void resume(StreamSubscriber subscriber, long after) {
        joining.execute(() -> catchUpAndJoin(subscriber, after));
    }

    /** What is open now (as {@code snapshot} events), the position they stand at, then live changes from there. */
    void snapshotThenJoin(StreamSubscriber subscriber) {
        joining.execute(() -> {
            try {
                AlertService.OpenSnapshot snapshot = alerts.openSnapshot(subscriber.scope);
                StringBuilder text = new StringBuilder();
                for (String alert : snapshot.alertJson()) {
                    text.append(StreamSubscriber.event(null, "snapshot", alert));
                }
                if (!subscriber.write(Buffer.buffer(text.toString())) || !subscriber.write(position(snapshot.position()))) {
                    return;
                }
                catchUpAndJoin(subscriber, snapshot.position());
            } catch (RuntimeException e) {
                LOG.warnf("alert stream: snapshot failed: %s", e.getMessage());
                subscriber.cutOff("the open alerts could not be read: " + e.getMessage());
            }
        });
    }

    private void catchUpAndJoin(StreamSubscriber subscriber, long after) {
        long read = after;
        try {
            while (!subscriber.isClosed()) {
                long followerAt = cursor;
                List<AlertService.FeedEntry> page = alerts.feedAfter(read, subscriber.scope, PAGE);
                if (!page.isEmpty()) {
                    subscriber.deliver(page, StreamSubscriber.encode(page));
                    read = page.get(page.size() - 1).sequence();
                    if (!subscriber.awaitBufferedBelow(0, CATCH_UP_PATIENCE_MILLIS)) {
                        return;
                    }
                }
                if (page.size() < PAGE) {
                    synchronized (dispatching) {
                        // The table had everything up to followerAt when it was read; if the follower has handed
                        // nothing out since, the live feed takes over exactly where the reading ended.
                        if (cursor == followerAt) {
                            subscriber.markSent(Math.max(read, followerAt));
                            live.add(subscriber);
                            return;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("alert stream: catch-up after %d failed: %s", read, e.getMessage());
            subscriber.cutOff("the feed could not be read: " + e.getMessage());
        }
    }

    void leave(StreamSubscriber subscriber) {
        live.remove(subscriber);
    }

    private void follow() {
        long lastBeat = System.nanoTime();
        while (running) {
            try {
                committed.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                committed.drainPermits();
                List<AlertService.FeedEntry> run;
                do {
                    run = alerts.feedAfter(cursor, null, PAGE);
                    if (!run.isEmpty()) {
                        handOut(run);
                        lastBeat = System.nanoTime();
                    }
                } while (running && run.size() == PAGE);
                if (System.nanoTime() - lastBeat >= heartbeat.toNanos()) {
                    // Proxies keep an idle connection open, and a client that has gone is noticed by the failed write.
                    Buffer beat = Buffer.buffer(": alive at " + cursor + "\n\n");
                    live.forEach(subscriber -> subscriber.write(beat));
                    lastBeat = System.nanoTime();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is away: the cursor stays, and the same changes are read when it is back.
                LOG.warnf("alert stream: reading the feed failed, will retry: %s", e.getMessage());
                sleep(pollInterval);
            }
        }
    }

    private void handOut(List<AlertService.FeedEntry> run) {
        synchronized (dispatching) {
            Buffer all = null;
            Map<FeedScope, ScopedRun> byScope = new HashMap<>();
            for (StreamSubscriber subscriber : live) {
                if (subscriber.isClosed()) {
                    live.remove(subscriber);
                } else if (subscriber.scope == null) {
                    if (all == null) {
                        all = StreamSubscriber.encode(run);
                    }
                    subscriber.deliver(run, all);
                } else {
                    ScopedRun scoped = byScope.computeIfAbsent(subscriber.scope, scope -> ScopedRun.of(run, scope));
                    subscriber.deliver(scoped.entries(), scoped.encoded());
                }
            }
            // Moved on only once every subscriber has been handed the run: a failure above reads it again.
            cursor = run.get(run.size() - 1).sequence();
        }
    }

    private Buffer position(long at) {
        return Buffer.buffer(StreamSubscriber.event(at, "position", "{\"position\":" + at + "}"));
    }

    private record ScopedRun(List<AlertService.FeedEntry> entries, Buffer encoded) {
        static ScopedRun of(List<AlertService.FeedEntry> run, FeedScope scope) {
            List<AlertService.FeedEntry> entries = new ArrayList<>();
            for (AlertService.FeedEntry entry : run) {
                if (scope.includes(entry)) {
                    entries.add(entry);
                }
            }
            return new ScopedRun(entries, entries.isEmpty() ? null : StreamSubscriber.encode(entries));
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
