package cn.qinzhou.livelihood.notification.alerting;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client of {@code GET /alerts/stream}: its connection, its scope and what it has been sent. It holds no
 * thread; writes go to the connection's event loop, and the bytes written but not yet taken by the client are
 * counted, so a client that stops reading is cut off (with an event saying why) instead of growing memory.
 */
final class StreamSubscriber {

    /** Grace for the cut-off event to reach a slow client before the connection is closed outright. */
    private static final long CUT_OFF_GRACE_MILLIS = 2_000;

    /** Null: every alert. */
    final FeedScope scope;
    private final HttpServerResponse response;
    private final Vertx vertx;
    private final long maxBufferedBytes;
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<StreamSubscriber> onClose;
    /** The sequence of the last change written; the hub skips what a catch-up already sent. */
    private volatile long lastSent;

    StreamSubscriber(HttpServerResponse response, Vertx vertx, FeedScope scope, long maxBufferedBytes,
                     Consumer<StreamSubscriber> onClose) {
        this.response = response;
        this.vertx = vertx;
        this.scope = scope;
        this.maxBufferedBytes = maxBufferedBytes;
        this.onClose = onClose;
        response.closeHandler(ignored -> close());
    }

    /** Sends the feed entries this subscriber has not had yet; {@code encoded} is all of them as one SSE text. */
    void deliver(List<AlertService.FeedEntry> entries, Buffer encoded) {
        if (entries.isEmpty()) {
            return;
        }
        long last = entries.get(entries.size() - 1).sequence();
        if (last <= lastSent) {
            return;
        }
        if (entries.get(0).sequence() <= lastSent) {
            // Right after a catch-up: part of the run was read from the table already.
            long after = lastSent;
            encoded = encode(entries.stream().filter(e -> e.sequence() > after).toList());
        }
        if (write(encoded)) {
            lastSent = last;
        }
    }

    void markSent(long sequence) {
        lastSent = Math.max(lastSent, sequence);
    }

    /** Writes SSE text; false (and the subscriber cut off) when the client has left too much unread. */
    boolean write(Buffer text) {
        if (closed.get()) {
            return false;
        }
        long pending = buffered.addAndGet(text.length());
        if (pending > maxBufferedBytes) {
            buffered.addAndGet(-text.length());
            cutOff("the client did not read its stream: " + pending + " bytes would wait for it, more than the "
                    + maxBufferedBytes + " allowed; reconnect with Last-Event-ID to resume");
            return false;
        }
        try {
            response.write(text).onComplete(done -> buffered.addAndGet(-text.length()));
            return true;
        } catch (IllegalStateException gone) {
            // The client went away between the check and the write.
            buffered.addAndGet(-text.length());
            close();
            return false;
        }
    }

    /** Waits (on a worker thread) until the client has taken all but {@code bytes}; false if it is gone meanwhile. */
    boolean awaitBufferedBelow(long bytes, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (buffered.get() > bytes) {
            if (closed.get()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                cutOff("the client did not read its stream within " + timeoutMillis + " ms; reconnect with Last-Event-ID to resume");
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return !closed.get();
    }

    boolean isClosed() {
        return closed.get() || response.closed();
    }

    /** Ends the stream with an {@code event: cut-off} naming the reason, then closes the connection. */
    void cutOff(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.accept(this);
        String data = "{\"reason\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"lastSent\":" + lastSent + "}";
        try {
            response.end(Buffer.buffer(event(null, "cut-off", data)));
        } catch (IllegalStateException gone) {
            return;
        }
        // A stalled client never takes the last event: the connection goes after a grace period, and with it
        // everything still queued for it.
        vertx.setTimer(CUT_OFF_GRACE_MILLIS, ignored -> response.close());
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
            try {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            } catch (IllegalStateException gone) {
                // already closed by the client
            }
        }
    }

    /** Feed entries as one SSE text: {@code id} the sequence, {@code event} the change, {@code data} the alert. */
    static Buffer encode(List<AlertService.FeedEntry> entries) {
        StringBuilder text = new StringBuilder(entries.size() * 512);
        for (AlertService.FeedEntry entry : entries) {
            text.append(event(entry.sequence(), entry.change(), entry.alertJson()));
        }
        return Buffer.buffer(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String event(Long id, String name, String data) {
        StringBuilder text = new StringBuilder(data.length() + 48);
        if (id != null) {
            text.append("id: ").append(id).append('\n');
        }
        text.append("event: ").append(name).append('\n');
        // A line break inside the data would end the field: each line goes on a data line of its own.
        for (String line : data.split("\n", -1)) {
            text.append("data: ").append(line).append('\n');
        }
        return text.append('\n').toString();
    }
}
