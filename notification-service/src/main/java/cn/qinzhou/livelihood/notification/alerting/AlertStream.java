package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Follows the alert feed table for each SSE client: first what it missed after its last event id, then new
 * changes as they commit. Reading the table (not an in-memory broadcast) is what lets a client resume after a
 * disconnect, and lets any instance of the service serve any client. A commit of alert changes in this instance
 * wakes the followers at once; polling finds the changes other instances commit.
 */
@ApplicationScoped
public class AlertStream {

    private static final Logger LOG = Logger.getLogger(AlertStream.class);
    private static final long POLL_MILLIS = 250;
    private static final long HEARTBEAT_MILLIS = 15_000;

    private final AlertService alerts;
    /** Notified after every commit that recorded alert changes here. */
    private final Object committed = new Object();
    private final ExecutorService followers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "alert-stream");
        thread.setDaemon(true);
        return thread;
    });

    public AlertStream(AlertService alerts) {
        this.alerts = alerts;
    }

    /**
     * Called on the request's thread. The first write (a comment, so the client knows it is connected) happens
     * here, before the endpoint returns: Quarkus REST writes the SSE response head after the endpoint method
     * unless one was written already, and a follower thread writing at that same moment would race it
     * ("Response head already sent") and lose the stream.
     */
    void follow(SseEventSink sink, Sse sse, long after, String unitScope) {
        sink.send(sse.newEventBuilder().comment("following alert changes after " + after).build());
        followers.submit(() -> {
            long cursor = after;
            long idle = 0;
            try {
                while (!sink.isClosed()) {
                    List<AlertService.FeedEntry> entries = alerts.feedAfter(cursor, unitScope, 200);
                    for (AlertService.FeedEntry entry : entries) {
                        sink.send(sse.newEventBuilder().id(Long.toString(entry.sequence())).name(entry.change())
                                        .data(entry.alertJson()).build())
                                .toCompletableFuture().get(5, TimeUnit.SECONDS);
                        cursor = entry.sequence();
                    }
                    if (entries.isEmpty()) {
                        long waited = System.nanoTime();
                        synchronized (committed) {
                            committed.wait(POLL_MILLIS);
                        }
                        idle += (System.nanoTime() - waited) / 1_000_000;
                        if (idle >= HEARTBEAT_MILLIS) {
                            // A comment now and then: proxies keep the connection open, and a client that has gone
                            // away is noticed (the send fails) instead of being followed forever.
                            sink.send(sse.newEventBuilder().comment("alive at " + cursor).build())
                                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
                            idle = 0;
                        }
                    } else {
                        idle = 0;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debugf("alert stream client gone after %d: %s", cursor, e.getMessage());
            } finally {
                sink.close();
            }
        });
    }

    /** Alert changes are recorded with an event for livelihood.alert.events: that commit is the signal. */
    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.OutboxAppended appended) {
        if (Topics.ALERT_EVENTS.equals(appended.topic())) {
            synchronized (committed) {
                committed.notifyAll();
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        followers.shutdownNow();
    }
}
